// What the AMI holder publishes on Redis and every instance's mirror reads: the floor's
// changed records (null: gone), a whole floor on request, and a heartbeat. `session`
// names one holding of the lease; `seq` counts its messages, so a mirror sees a gap.
import { EMPTY_FLOOR, type FloorChange, type LiveChannel, type LiveFloor, type LiveQueue } from '../domain/live/floor.js';

export interface FloorRecords {
  readonly channels: Readonly<Record<string, LiveChannel | null>>;
  readonly queues: Readonly<Record<string, LiveQueue | null>>;
  readonly devices: Readonly<Record<string, string | null>>;
}

interface Envelope {
  readonly session: string;
  /** The holder instance's name, for the page and the health check. */
  readonly holder: string;
  readonly seq: number;
  /** The holder's floor is not confirmed by Asterisk (AMI down, resync pending). */
  readonly stale: boolean;
  /** Holder's clock (ms) when sent: how old the news is when a dashboard gets it. */
  readonly sentAt: number;
}

export type FloorMessage =
  | (Envelope & { readonly kind: 'full'; readonly floor: FloorRecords })
  | (Envelope & { readonly kind: 'delta'; readonly records: FloorRecords })
  | (Envelope & { readonly kind: 'beat' });

/** The changed records of `floor` (null where the change removed one). */
export function recordsOf(floor: LiveFloor, changes: readonly FloorChange[]): FloorRecords {
  const channels: Record<string, LiveChannel | null> = {};
  const queues: Record<string, LiveQueue | null> = {};
  const devices: Record<string, string | null> = {};
  for (const change of changes) {
    if (change.kind === 'channel') channels[change.uniqueId] = floor.channels[change.uniqueId] ?? null;
    else if (change.kind === 'queue') queues[change.queue] = floor.queues[change.queue] ?? null;
    else devices[change.device] = floor.devices[change.device] ?? null;
  }
  return { channels, queues, devices };
}

export function wholeFloor(floor: LiveFloor): FloorRecords {
  return { channels: floor.channels, queues: floor.queues, devices: floor.devices };
}

/** Applies published records to a mirrored floor; returns the new floor and what changed. */
export function applyRecords(floor: LiveFloor, records: FloorRecords): { floor: LiveFloor; changes: FloorChange[] } {
  const channels = { ...floor.channels };
  const queues = { ...floor.queues };
  const devices = { ...floor.devices };
  const changes: FloorChange[] = [];
  for (const [uniqueId, channel] of Object.entries(records.channels)) {
    if (channel === null) delete channels[uniqueId];
    else channels[uniqueId] = channel;
    changes.push({ kind: 'channel', uniqueId });
  }
  for (const [queue, record] of Object.entries(records.queues)) {
    if (record === null) delete queues[queue];
    else queues[queue] = record;
    changes.push({ kind: 'queue', queue });
  }
  for (const [device, state] of Object.entries(records.devices)) {
    if (state === null) delete devices[device];
    else devices[device] = state;
    changes.push({ kind: 'device', device });
  }
  return { floor: { ...floor, channels, queues, devices }, changes };
}

/** A floor made only of published records (a mirror keeps no hang-up memory: the holder does). */
export function floorOf(records: FloorRecords): LiveFloor {
  return applyRecords(EMPTY_FLOOR, records).floor;
}

/** Parses a message; anything malformed is null (the mirror then asks for a whole floor). */
export function parseFloorMessage(text: string): FloorMessage | null {
  try {
    const value = JSON.parse(text) as Partial<FloorMessage> | null;
    if (typeof value !== 'object' || value === null) return null;
    if (typeof value.session !== 'string' || typeof value.seq !== 'number' || typeof value.holder !== 'string') return null;
    if (value.kind === 'full' && isRecords(value.floor)) return value as FloorMessage;
    if (value.kind === 'delta' && isRecords(value.records)) return value as FloorMessage;
    if (value.kind === 'beat') return value as FloorMessage;
    return null;
  } catch {
    return null;
  }
}

function isRecords(value: unknown): value is FloorRecords {
  if (typeof value !== 'object' || value === null) return false;
  const records = value as Record<string, unknown>;
  return ['channels', 'queues', 'devices'].every((key) => typeof records[key] === 'object' && records[key] !== null);
}
