import { connect, type Socket } from 'node:net';
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { AmiMessage, AmiParser, serializeAction, type AmiActionFields } from './message.js';

export interface AmiClientOptions {
  readonly host: string;
  readonly port: number;
  readonly username: string;
  readonly secret: string;
  readonly log: Logger;
  /** Deadline for one action's response (or a whole event list). */
  readonly actionTimeoutMs?: number;
  /** Deadline for connecting plus logging in. */
  readonly loginTimeoutMs?: number;
  /** First reconnect delay; doubles per failed attempt up to `reconnectMaxMs`. */
  readonly reconnectInitialMs?: number;
  readonly reconnectMaxMs?: number;
}

export type AmiClientState =
  | { readonly kind: 'connecting'; readonly attempt: number }
  | { readonly kind: 'connected' }
  | { readonly kind: 'disconnected'; readonly reason: string; readonly retryInMs: number }
  | { readonly kind: 'login-failed'; readonly reason: string; readonly retryInMs: number }
  | { readonly kind: 'stopped' };

/** Asterisk answered the action with `Response: Error`. */
export class AmiActionError extends Error {
  override readonly name = 'AmiActionError';
  constructor(
    readonly action: string,
    readonly response: AmiMessage,
  ) {
    super(`AMI ${action} failed: ${response.get('message') || 'no message'}`);
  }
}

export class AmiTimeoutError extends Error {
  override readonly name = 'AmiTimeoutError';
}

/** The connection closed (or was never up) before the action's response arrived. */
export class AmiDisconnectedError extends Error {
  override readonly name = 'AmiDisconnectedError';
}

export interface AmiListResult {
  readonly response: AmiMessage;
  /** The list's events, in order, without the closing `…Complete` event. */
  readonly events: readonly AmiMessage[];
  readonly complete: AmiMessage;
}

interface Pending {
  readonly action: string;
  readonly list: boolean;
  readonly events: AmiMessage[];
  response?: AmiMessage;
  readonly resolve: (value: AmiListResult) => void;
  readonly reject: (error: Error) => void;
  readonly timer: NodeJS.Timeout;
}

type Listener<T> = (value: T) => void;

/**
 * An AMI client that keeps one logged-in connection up: every action gets its own
 * ActionID and a promise with a deadline, event lists are collected until their
 * `…Complete` event, everything in flight fails when the connection drops, and it
 * reconnects with exponential backoff and logs in again. Events that belong to no
 * pending list go to `onEvent` listeners, in arrival order.
 */
export class AmiClient {
  private readonly pending = new Map<string, Pending>();
  private readonly eventListeners: Listener<AmiMessage>[] = [];
  private readonly stateListeners: Listener<AmiClientState>[] = [];
  private readonly idPrefix = `mayday-${randomBytes(4).toString('hex')}-`;
  private nextId = 1;
  private socket: Socket | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private attempt = 0;
  private stopped = true;
  private current: AmiClientState = { kind: 'stopped' };

  constructor(private readonly options: AmiClientOptions) {}

  get state(): AmiClientState {
    return this.current;
  }

  /** Returns a function that removes the listener again. */
  onEvent(listener: Listener<AmiMessage>): () => void {
    this.eventListeners.push(listener);
    return () => {
      const index = this.eventListeners.indexOf(listener);
      if (index !== -1) this.eventListeners.splice(index, 1);
    };
  }

  /** Called on every state change; `connected` means logged in, ready for actions. */
  onState(listener: Listener<AmiClientState>): void {
    this.stateListeners.push(listener);
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.open();
  }

  /** Logs off when connected, closes the socket and fails whatever is still in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    const socket = this.socket;
    if (socket && this.current.kind === 'connected') {
      await this.action('Logoff', {}, { timeoutMs: 1000 }).catch(() => undefined);
    }
    socket?.destroy();
    this.failPending(new AmiDisconnectedError('AMI client stopped'));
    this.setState({ kind: 'stopped' });
  }

  /** Sends one action; resolves with its response, rejects with AmiActionError on `Response: Error`. */
  async action(action: string, fields: AmiActionFields = {}, { timeoutMs }: { timeoutMs?: number } = {}): Promise<AmiMessage> {
    return (await this.send(action, fields, false, timeoutMs)).response;
  }

  /** Sends an action that answers with an event list and collects the list until its `…Complete` event. */
  list(action: string, fields: AmiActionFields = {}, { timeoutMs }: { timeoutMs?: number } = {}): Promise<AmiListResult> {
    return this.send(action, fields, true, timeoutMs);
  }

  private send(action: string, fields: AmiActionFields, list: boolean, timeoutMs?: number): Promise<AmiListResult> {
    const socket = this.socket;
    if (!socket || this.current.kind !== 'connected') {
      return Promise.reject(new AmiDisconnectedError(`AMI not connected; ${action} not sent`));
    }
    return this.write(socket, action, fields, list, timeoutMs);
  }

  private write(socket: Socket, action: string, fields: AmiActionFields, list: boolean, timeoutMs?: number): Promise<AmiListResult> {
    const actionId = `${this.idPrefix}${this.nextId++}`;
    const packet = serializeAction(action, actionId, fields);
    return new Promise((resolve, reject) => {
      const deadline = timeoutMs ?? this.options.actionTimeoutMs ?? 5000;
      const timer = setTimeout(() => {
        this.pending.delete(actionId);
        reject(new AmiTimeoutError(`AMI ${action} got no ${list ? 'complete list' : 'response'} within ${deadline} ms`));
      }, deadline);
      this.pending.set(actionId, { action, list, events: [], resolve, reject, timer });
      socket.write(packet);
    });
  }

  private open(): void {
    this.attempt += 1;
    this.setState({ kind: 'connecting', attempt: this.attempt });
    const { host, port, log } = this.options;
    const socket = connect({ host, port });
    this.socket = socket;
    socket.setNoDelay(true);
    socket.setKeepAlive(true, 10_000);
    socket.setEncoding('utf8');
    const parser = new AmiParser();
    let failure = 'connection closed';
    const loginTimer = setTimeout(() => {
      failure = `no login within ${this.options.loginTimeoutMs ?? 5000} ms`;
      socket.destroy();
    }, this.options.loginTimeoutMs ?? 5000);

    socket.on('data', (text: string) => {
      try {
        for (const packet of parser.push(text)) this.dispatch(packet);
      } catch (error) {
        failure = (error as Error).message;
        log.error({ err: error }, 'AMI protocol error; reconnecting');
        socket.destroy();
      }
    });
    socket.on('error', (error) => {
      failure = error.message;
    });
    socket.on('close', () => {
      clearTimeout(loginTimer);
      if (this.socket === socket) this.socket = undefined;
      this.failPending(new AmiDisconnectedError(`AMI connection lost: ${failure}`));
      if (this.stopped) return;
      if (this.current.kind !== 'login-failed') {
        log.warn({ reason: failure, host, port }, 'AMI disconnected');
        this.scheduleReconnect({ kind: 'disconnected', reason: failure });
      } else {
        this.scheduleReconnect(this.current);
      }
    });
    socket.once('connect', () => {
      this.login(socket).then(
        () => {
          clearTimeout(loginTimer);
          this.attempt = 0;
          log.info({ host, port, greeting: parser.greeting }, 'AMI connected');
          this.setState({ kind: 'connected' });
        },
        (error: Error) => {
          if (error instanceof AmiActionError) {
            failure = `login refused: ${error.response.get('message')}`;
            log.error({ host, port, username: this.options.username, reason: failure }, 'AMI login failed');
            this.current = { kind: 'login-failed', reason: failure, retryInMs: 0 };
          } else {
            failure = `login: ${error.message}`;
          }
          socket.destroy();
        },
      );
    });
  }

  private async login(socket: Socket): Promise<void> {
    await this.write(socket, 'Login', { Username: this.options.username, Secret: this.options.secret, Events: 'on' }, false);
  }

  private scheduleReconnect(state: { kind: 'disconnected' | 'login-failed'; reason: string }): void {
    const initial = this.options.reconnectInitialMs ?? 250;
    const max = this.options.reconnectMaxMs ?? 10_000;
    const retryInMs = Math.min(max, initial * 2 ** Math.max(0, this.attempt - 1));
    this.setState({ kind: state.kind, reason: state.reason, retryInMs });
    this.retryTimer = setTimeout(() => this.open(), retryInMs);
  }

  private dispatch(packet: AmiMessage): void {
    const pending = packet.actionId === '' ? undefined : this.pending.get(packet.actionId);
    if (!pending) {
      if (packet.event !== '') this.emitEvent(packet);
      return;
    }
    if (pending.response === undefined && packet.has('response') && packet.event === '') {
      this.answer(packet.actionId, pending, packet);
      return;
    }
    if (pending.list && pending.response !== undefined && packet.event !== '') {
      if (packet.get('eventlist').toLowerCase() === 'complete') this.settle(packet.actionId, pending, packet);
      else pending.events.push(packet);
      return;
    }
    this.emitEvent(packet);
  }

  private answer(actionId: string, pending: Pending, response: AmiMessage): void {
    if (response.get('response').toLowerCase() === 'error') {
      this.pending.delete(actionId);
      clearTimeout(pending.timer);
      pending.reject(new AmiActionError(pending.action, response));
      return;
    }
    pending.response = response;
    if (!pending.list) this.settle(actionId, pending, response);
  }

  private settle(actionId: string, pending: Pending, complete: AmiMessage): void {
    this.pending.delete(actionId);
    clearTimeout(pending.timer);
    pending.resolve({ response: pending.response ?? complete, events: pending.events, complete });
  }

  private failPending(error: Error): void {
    for (const [actionId, pending] of this.pending) {
      this.pending.delete(actionId);
      clearTimeout(pending.timer);
      pending.reject(error);
    }
  }

  private emitEvent(event: AmiMessage): void {
    for (const listener of [...this.eventListeners]) {
      try {
        listener(event);
      } catch (error) {
        this.options.log.error({ err: error, event: event.event }, 'AMI event listener failed');
      }
    }
  }

  private setState(state: AmiClientState): void {
    this.current = state;
    for (const listener of this.stateListeners) {
      try {
        listener(state);
      } catch (error) {
        this.options.log.error({ err: error }, 'AMI state listener failed');
      }
    }
  }
}
