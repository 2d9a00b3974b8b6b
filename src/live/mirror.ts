import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { EMPTY_FLOOR, type FloorChange, type LiveFloor } from '../domain/live/floor.js';
import type { RedisSubscriptions } from '../realtime/subscriptions.js';
import type { LiveChannels } from './channels.js';
import { applyRecords, floorOf, parseFloorMessage, type FloorMessage } from './floor-messages.js';

/** Where the floor a dashboard shows comes from. */
export type MirrorStatus =
  | { readonly kind: 'live'; readonly holder: string }
  /** The holder is up but its floor is not confirmed by Asterisk (AMI down, resync pending). */
  | { readonly kind: 'stale'; readonly holder: string }
  /** No message from any holder lately: no instance holds AMI, or Redis is away. */
  | { readonly kind: 'no-holder' }
  /** Waiting for the whole floor after a start, a new holder or a missed message. */
  | { readonly kind: 'syncing'; readonly holder: string };

export interface MirrorUpdate {
  readonly floor: LiveFloor;
  readonly changes: readonly FloorChange[];
  readonly status: MirrorStatus;
  /** The holder's clock when it sent what this update applies (null for a status-only update). */
  readonly sentAt: number | null;
}

export type MirrorListener = (update: MirrorUpdate) => void;

export interface FloorMirrorOptions {
  readonly redis: Redis;
  readonly subscriptions: RedisSubscriptions;
  readonly channels: LiveChannels;
  readonly log: Logger;
  /** No message for this long means no holder (a few of the holder's heartbeats). */
  readonly silenceMs: number;
}

/**
 * Every instance's copy of the live floor, built only from what the AMI holder publishes
 * (the holder's own dashboards read it this way too). A whole floor replaces the copy; a
 * delta applies on top only when it is the next of the session the copy came from,
 * otherwise the mirror asks for the whole floor again.
 */
export class FloorMirror {
  private floor: LiveFloor = EMPTY_FLOOR;
  private session: string | null = null;
  private seq = 0;
  private holder = '';
  private stale = true;
  private lastHeard = 0;
  private requested = 0;
  private watchdog: NodeJS.Timeout | undefined;
  private readonly listeners: MirrorListener[] = [];
  private current: MirrorStatus = { kind: 'no-holder' };
  private currentSince = Date.now();

  constructor(private readonly options: FloorMirrorOptions) {}

  get state(): LiveFloor {
    return this.floor;
  }

  get status(): MirrorStatus {
    return this.current;
  }

  /** When the status last changed kind (live → stale, ...): "live data unavailable since". */
  get statusSince(): number {
    return this.currentSince;
  }

  /** When the last message from a holder arrived (ms since the epoch); null before the first. */
  get heardAt(): number | null {
    return this.lastHeard === 0 ? null : this.lastHeard;
  }

  onUpdate(listener: MirrorListener): void {
    this.listeners.push(listener);
  }

  async start(): Promise<void> {
    await this.options.subscriptions.on(this.options.channels.floor, (text) => this.receive(text));
    const checkMs = Math.max(100, Math.floor(this.options.silenceMs / 4));
    this.watchdog = setInterval(() => this.checkSilence(), checkMs);
    this.requestFull();
  }

  stop(): void {
    clearInterval(this.watchdog);
  }

  private receive(text: string): void {
    const message = parseFloorMessage(text);
    if (message === null) {
      this.options.log.warn('ignoring a malformed live floor message');
      return;
    }
    this.lastHeard = Date.now();
    this.holder = message.holder;
    this.stale = message.stale;
    if (message.kind === 'full') return this.replace(message);
    if (message.session !== this.session || (message.kind === 'delta' && message.seq !== this.seq + 1) || (message.kind === 'beat' && message.seq !== this.seq)) {
      this.session = null;
      this.requestFull();
      return this.setStatus({ kind: 'syncing', holder: message.holder });
    }
    if (message.kind === 'beat') return this.setStatus(this.liveStatus());
    this.seq = message.seq;
    const { floor, changes } = applyRecords(this.floor, message.records);
    this.floor = floor;
    this.enter(this.liveStatus());
    this.emit({ floor, changes, status: this.current, sentAt: message.sentAt });
  }

  private replace(message: Extract<FloorMessage, { kind: 'full' }>): void {
    const before = this.floor;
    this.floor = floorOf(message.floor);
    this.session = message.session;
    this.seq = message.seq;
    this.enter(this.liveStatus());
    const changes: FloorChange[] = [
      ...new Set([...Object.keys(before.channels), ...Object.keys(this.floor.channels)]),
    ].map((uniqueId) => ({ kind: 'channel', uniqueId }));
    for (const queue of new Set([...Object.keys(before.queues), ...Object.keys(this.floor.queues)])) changes.push({ kind: 'queue', queue });
    for (const device of new Set([...Object.keys(before.devices), ...Object.keys(this.floor.devices)])) changes.push({ kind: 'device', device });
    this.emit({ floor: this.floor, changes, status: this.current, sentAt: message.sentAt });
  }

  private liveStatus(): MirrorStatus {
    return this.stale ? { kind: 'stale', holder: this.holder } : { kind: 'live', holder: this.holder };
  }

  private checkSilence(): void {
    if (Date.now() - this.lastHeard <= this.options.silenceMs) return;
    this.session = null;
    this.requestFull();
    if (this.current.kind !== 'no-holder') this.setStatus({ kind: 'no-holder' });
  }

  /** At most one request per second: several instances' mirrors share one holder. */
  private requestFull(): void {
    const now = Date.now();
    if (now - this.requested < 1000) return;
    this.requested = now;
    this.options.redis.publish(this.options.channels.floorRequests, '').catch(() => undefined);
  }

  private setStatus(status: MirrorStatus): void {
    if (JSON.stringify(status) === JSON.stringify(this.current)) return;
    this.enter(status);
    this.emit({ floor: this.floor, changes: [], status, sentAt: null });
  }

  private enter(status: MirrorStatus): void {
    if (status.kind !== this.current.kind) this.currentSince = Date.now();
    this.current = status;
  }

  private emit(update: MirrorUpdate): void {
    for (const listener of this.listeners) {
      try {
        listener(update);
      } catch (error) {
        this.options.log.error({ err: error }, 'live floor mirror listener failed');
      }
    }
  }
}
