import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { checkAction, type LiveAction } from '../domain/live/actions.js';
import type { FloorChange } from '../domain/live/floor.js';
import { RedisLease } from '../realtime/lease.js';
import type { RedisSubscriptions } from '../realtime/subscriptions.js';
import { AmiClient, type AmiClientState } from '../telephony/ami/index.js';
import { runOnAmi, serveActions, type ActionOutcome, type AmiActionSettings } from './actions.js';
import { FloorService } from './floor-service.js';
import type { LiveChannels } from './channels.js';
import { recordsOf, wholeFloor, type FloorMessage } from './floor-messages.js';

export interface AmiSettings {
  readonly host: string;
  readonly port: number;
  readonly username: string;
  readonly secret: string;
}

export interface LiveHolderOptions extends AmiActionSettings {
  readonly ami: AmiSettings;
  /** Commands and publishing. */
  readonly redis: Redis;
  readonly subscriptions: RedisSubscriptions;
  readonly channels: LiveChannels;
  /** This instance's name (host and pid) in the lease and the messages. */
  readonly instance: string;
  readonly leaseTtlMs: number;
  readonly log: Logger;
  /** Tests shorten AMI's reconnect backoff. */
  readonly reconnectInitialMs?: number;
}

/**
 * Competes for the AMI lease; while it holds it, keeps the one AMI connection of all
 * instances up, folds its events into the live floor and publishes every change on Redis,
 * answers requests for the whole floor and runs the dashboards' actions. Losing the lease
 * (or stopping) closes the AMI connection, so two instances never both act on Asterisk.
 */
export class LiveHolder {
  readonly lease: RedisLease;
  readonly ami: AmiClient;
  readonly floor: FloorService;
  private session = '';
  private seq = 0;
  private pending: FloorChange[] = [];
  private flushQueued = false;
  private beat: NodeJS.Timeout | undefined;
  private lastStale = true;

  constructor(private readonly options: LiveHolderOptions) {
    const { log } = options;
    this.ami = new AmiClient({ ...options.ami, log: log.child({ component: 'ami' }), ...(options.reconnectInitialMs !== undefined && { reconnectInitialMs: options.reconnectInitialMs }) });
    this.floor = new FloorService({ ami: this.ami, log: log.child({ component: 'live-floor' }) });
    this.lease = new RedisLease({ redis: options.redis, key: options.channels.lease, ttlMs: options.leaseTtlMs, owner: options.instance, log });
    this.floor.onChange((_floor, changes) => this.changed(changes));
    this.lease.onChange((held) => (held ? this.take() : void this.giveUp()));
  }

  get holding(): boolean {
    return this.lease.held;
  }

  get amiState(): AmiClientState {
    return this.ami.state;
  }

  async start(): Promise<void> {
    const { redis, subscriptions, channels } = this.options;
    await subscriptions.on(channels.floorRequests, () => {
      if (this.holding) void this.publish({ kind: 'full', floor: wholeFloor(this.floor.current), ...this.envelope() });
    });
    await serveActions(redis, subscriptions, channels, (action) => (this.holding ? this.run(action) : null));
    this.lease.start();
  }

  async stop(): Promise<void> {
    await this.lease.stop();
    await this.giveUp();
    this.floor.close();
  }

  private take(): void {
    this.session = randomUUID();
    this.seq = 0;
    this.options.log.info({ instance: this.options.instance }, 'this instance holds the AMI lease; connecting to Asterisk');
    this.ami.start();
    const beatMs = Math.max(200, Math.floor(this.options.leaseTtlMs / 3));
    this.beat = setInterval(() => void this.publish({ kind: 'beat', ...this.envelope() }), beatMs);
  }

  private async giveUp(): Promise<void> {
    clearInterval(this.beat);
    this.beat = undefined;
    await this.ami.stop();
  }

  private run(action: LiveAction): Promise<ActionOutcome> {
    const checked = checkAction(action);
    if (!checked.ok) return Promise.resolve({ ok: false, message: checked.problem });
    return runOnAmi(this.ami, checked.value, this.options);
  }

  /** Changes of one turn of the event loop go out as one message. */
  private changed(changes: readonly FloorChange[]): void {
    if (!this.holding) return;
    this.pending.push(...changes);
    if (this.flushQueued) return;
    this.flushQueued = true;
    setImmediate(() => {
      this.flushQueued = false;
      const pending = this.pending;
      this.pending = [];
      const stale = this.floor.stale;
      if (pending.length === 0 && stale === this.lastStale) return;
      this.lastStale = stale;
      void this.publish({ kind: 'delta', records: recordsOf(this.floor.current, pending), ...this.envelope() });
    });
  }

  private envelope() {
    return { session: this.session, holder: this.options.instance, seq: this.seq, stale: this.floor.stale, sentAt: Date.now() };
  }

  private async publish(message: FloorMessage): Promise<void> {
    if (message.kind === 'delta') {
      this.seq += 1;
      message = { ...message, seq: this.seq };
    }
    try {
      await this.options.redis.publish(this.options.channels.floor, JSON.stringify(message));
    } catch (error) {
      // A mirror that missed a delta sees the gap at the next one and asks for the whole floor.
      this.options.log.warn({ err: error }, 'could not publish a live floor change');
    }
  }
}
