// ARI behind a small interface, with a supervised connection: ari-client's own reconnect
// gives up after about a minute, so any loss (failed connect, dropped WebSocket, retries
// exhausted) starts a fresh client after a capped backoff, for as long as Mayday runs.

import ari from 'ari-client';
import type { Logger } from 'pino';

type AriClient = Awaited<ReturnType<typeof ari.connect>>;

export interface StasisChannel {
  readonly id: string;
  readonly name: string;
  /** The arguments after the application name in `Stasis(app,…)`. */
  readonly args: readonly string[];
}

export interface AriHandlers {
  stasisStart(channel: StasisChannel): void;
  dtmf(channelId: string, digit: string): void;
  playbackFinished(playbackId: string, failed: boolean): void;
  /** The channel left the application or hung up. */
  channelGone(channelId: string): void;
  /** Every (re)connection, after the application is registered. */
  connected(): void;
}

export interface AriRequests {
  play(channelId: string, playbackId: string, media: string, language: string): Promise<void>;
  stopPlayback(playbackId: string): Promise<void>;
  setVariable(channelId: string, name: string, value: string): Promise<void>;
  continueAt(channelId: string, context: string, extension: string, priority: number): Promise<void>;
  hangup(channelId: string): Promise<void>;
  /** Channels currently inside this application's Stasis(). */
  stasisChannels(): Promise<StasisChannel[]>;
}

export interface AriOptions {
  readonly url: string;
  readonly username: string;
  readonly password: string;
  readonly app: string;
  readonly log: Logger;
  readonly minBackoffMs?: number;
  readonly maxBackoffMs?: number;
}

export type AriStatus = { readonly state: 'connected' } | { readonly state: 'connecting'; readonly lastError: string | null; readonly attempts: number };

export class SupervisedAri implements AriRequests {
  private client: AriClient | null = null;
  private stopped = false;
  private retryTimer: NodeJS.Timeout | null = null;
  private attempts = 0;
  private lastError: string | null = null;

  constructor(
    private readonly options: AriOptions,
    private readonly handlers: AriHandlers,
  ) {}

  status(): AriStatus {
    return this.client !== null ? { state: 'connected' } : { state: 'connecting', lastError: this.lastError, attempts: this.attempts };
  }

  start(): void {
    this.stopped = false;
    void this.connect();
  }

  stop(): void {
    this.stopped = true;
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.drop();
  }

  async play(channelId: string, playbackId: string, media: string, language: string): Promise<void> {
    await this.ready().channels.play({ channelId, media, playbackId, lang: language });
  }

  async stopPlayback(playbackId: string): Promise<void> {
    await this.ready().playbacks.stop({ playbackId });
  }

  async setVariable(channelId: string, name: string, value: string): Promise<void> {
    await this.ready().channels.setChannelVar({ channelId, variable: name, value });
  }

  async continueAt(channelId: string, context: string, extension: string, priority: number): Promise<void> {
    await this.ready().channels.continueInDialplan({ channelId, context, extension, priority });
  }

  async hangup(channelId: string): Promise<void> {
    await this.ready().channels.hangup({ channelId });
  }

  async stasisChannels(): Promise<StasisChannel[]> {
    const channels = await this.ready().channels.list();
    const prefix = `${this.options.app},`;
    return channels.flatMap((channel) => {
      const { app_name: appName, app_data: appData = '' } = channel.dialplan ?? {};
      if (appName !== 'Stasis' || (appData !== this.options.app && !appData.startsWith(prefix))) return [];
      return [{ id: channel.id, name: channel.name, args: appData.split(',').slice(1) }];
    });
  }

  private ready(): AriClient {
    if (this.client === null) throw new Error('ARI is not connected');
    return this.client;
  }

  private async connect(): Promise<void> {
    this.attempts += 1;
    let client: AriClient | null = null;
    try {
      client = await ari.connect(this.options.url, this.options.username, this.options.password);
      if (this.stopped) return close(client);
      this.listen(client);
      await client.start(this.options.app);
      this.client = client;
      this.attempts = 0;
      this.lastError = null;
      this.options.log.info({ app: this.options.app }, 'ARI connected');
      this.handlers.connected();
    } catch (error) {
      if (client !== null && client !== this.client) close(client);
      this.lost(error as Error);
    }
  }

  private listen(client: AriClient): void {
    client.on('StasisStart', (event: { channel: { id: string; name: string }; args?: string[] }) => {
      this.handlers.stasisStart({ id: event.channel.id, name: event.channel.name, args: event.args ?? [] });
    });
    client.on('ChannelDtmfReceived', (event: { channel: { id: string }; digit: string }) => this.handlers.dtmf(event.channel.id, event.digit));
    client.on('PlaybackFinished', (event: { playback: { id: string; state: string } }) =>
      this.handlers.playbackFinished(event.playback.id, event.playback.state === 'failed'),
    );
    client.on('StasisEnd', (event: { channel: { id: string } }) => this.handlers.channelGone(event.channel.id));
    client.on('ChannelDestroyed', (event: { channel: { id: string } }) => this.handlers.channelGone(event.channel.id));
    // ari-client retries a dropped WebSocket on its own for about a minute; the supervisor
    // takes over for good, so no request goes to a half-dead client meanwhile.
    client.on('WebSocketReconnecting', (error: Error) => this.lost(error ?? new Error('WebSocket closed')));
    client.on('WebSocketMaxRetries', (error: Error) => this.lost(error));
    client.on('APILoadError', (error: Error) => this.lost(error));
  }

  private lost(error: Error): void {
    if (this.stopped) return;
    const wasConnected = this.client !== null;
    this.drop();
    this.lastError = error.message;
    const delay = Math.min(this.options.maxBackoffMs ?? 10_000, (this.options.minBackoffMs ?? 200) * 2 ** Math.min(this.attempts, 10));
    this.options.log.warn({ err: error, retryInMs: delay, wasConnected }, 'ARI unavailable; reconnecting');
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.connect();
    }, delay);
  }

  private drop(): void {
    const client = this.client;
    this.client = null;
    if (client !== null) close(client);
  }
}

function close(client: AriClient): void {
  client.removeAllListeners();
  // A closing client can still error; nothing listens to it any more.
  client.on('error', () => undefined);
  try {
    client.stop();
  } catch {
    // Already closed.
  }
}
