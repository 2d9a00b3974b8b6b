import type { Logger } from 'pino';
import { applyFloorEvent, EMPTY_FLOOR, floorDifference, floorFromSnapshot, type FloorChange, type LiveFloor } from '../domain/live/floor.js';
import { AmiActionError, type AmiClient, type AmiClientState, type AmiMessage } from '../telephony/ami/index.js';

const RESYNC_RETRY_MS = 1000;

export type FloorListener = (floor: LiveFloor, changes: readonly FloorChange[]) => void;

export interface FloorServiceOptions {
  readonly ami: AmiClient;
  readonly log: Logger;
  readonly now?: () => number;
  /** Deadline for each resync list. */
  readonly resyncTimeoutMs?: number;
}

/**
 * Keeps the live floor from one AMI connection. On every (re)connect it reads the whole
 * floor again (CoreShowChannels, QueueStatus, QueueSummary, DeviceStateList,
 * ExtensionStateList); events arriving meanwhile are held and folded on top of the
 * snapshot, which then replaces the old floor in one step. While disconnected, or until a
 * resync succeeds, the floor is `stale`.
 */
export class FloorService {
  private floor: LiveFloor = EMPTY_FLOOR;
  private held: AmiMessage[] | null = null;
  private readonly listeners: FloorListener[] = [];
  private resyncs = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  stale = true;

  constructor(private readonly options: FloorServiceOptions) {
    options.ami.onEvent((event) => this.onEvent(event));
    options.ami.onState((state) => this.onState(state));
  }

  get current(): LiveFloor {
    return this.floor;
  }

  /** How many resyncs completed (each connect runs one). */
  get completedResyncs(): number {
    return this.resyncs;
  }

  onChange(listener: FloorListener): void {
    this.listeners.push(listener);
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  private onState(state: AmiClientState): void {
    if (state.kind === 'connected') {
      void this.resync();
      return;
    }
    if (!this.stale) {
      this.stale = true;
      this.notify([]);
    }
  }

  private onEvent(event: AmiMessage): void {
    if (this.held) {
      this.held.push(event);
      return;
    }
    const step = applyFloorEvent(this.floor, event, this.now());
    if (step.changes.length === 0) return;
    this.floor = step.floor;
    this.notify(step.changes);
  }

  /** Reads the whole floor; a failed read leaves the old floor in place, stale, and is retried while connected. */
  async resync(): Promise<void> {
    if (this.held) return;
    this.held = [];
    const { ami, log } = this.options;
    const timeoutMs = this.options.resyncTimeoutMs ?? 10_000;
    try {
      const list = async (action: string) => {
        try {
          return (await ami.list(action, {}, { timeoutMs })).events;
        } catch (error) {
          // A module not loaded (res_manager_devicestate, app_queue) costs its part of the floor, not the rest.
          if (!(error instanceof AmiActionError)) throw error;
          log.warn({ err: error, action }, 'live floor resync: Asterisk refused a list; that part stays empty');
          return [];
        }
      };
      const [channels, queueStatus, queueSummary, deviceStates, extensionStates] = await Promise.all(
        ['CoreShowChannels', 'QueueStatus', 'QueueSummary', 'DeviceStateList', 'ExtensionStateList'].map(list),
      );
      const now = this.now();
      let floor = floorFromSnapshot({ channels: channels!, queueStatus: queueStatus!, queueSummary: queueSummary!, deviceStates: deviceStates!, extensionStates: extensionStates! }, now);
      for (const event of this.held) floor = applyFloorEvent(floor, event, now).floor;
      const changes = floorDifference(this.floor, floor);
      this.floor = floor;
      this.stale = false;
      this.resyncs += 1;
      log.info({ channels: Object.keys(floor.channels).length, queues: Object.keys(floor.queues).length }, 'live floor resynced');
      this.notify(changes);
    } catch (error) {
      log.warn({ err: error }, 'live floor resync failed; the floor stays stale and the resync is retried');
      if (ami.state.kind === 'connected') this.retryTimer = setTimeout(() => void this.resync(), RESYNC_RETRY_MS);
    } finally {
      this.held = null;
    }
  }

  close(): void {
    clearTimeout(this.retryTimer);
  }

  private notify(changes: readonly FloorChange[]): void {
    for (const listener of this.listeners) {
      try {
        listener(this.floor, changes);
      } catch (error) {
        this.options.log.error({ err: error }, 'live floor listener failed');
      }
    }
  }
}
