// Plays the AMI holder on Redis for dashboard tests without Asterisk: publishes a floor
// (whole, in deltas, heartbeats) exactly as LiveHolder does (src/live/floor-messages.ts),
// answers the mirrors' requests for the whole floor, and answers actions with a chosen
// outcome, keeping what it was asked.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { LiveAction } from '../../src/domain/live/actions.js';
import { EMPTY_FLOOR, type LiveChannel, type LiveFloor, type LiveMember, type LiveQueue } from '../../src/domain/live/floor.js';
import { liveChannels } from '../../src/live/channels.js';
import { wholeFloor, type FloorMessage, type FloorRecords } from '../../src/live/floor-messages.js';
import { TEST_REDIS_URL } from './addresses.js';

interface Teardown {
  teardown(fn: () => unknown): void;
}

export interface FloorPublisher {
  floor: LiveFloor;
  stale: boolean;
  /** Actions asked of this holder, in order. */
  readonly actions: LiveAction[];
  /** The outcome the next actions get (default: ok). */
  outcome: { ok: boolean; message: string } | null;
  /** Replaces the floor and publishes the changed records as a delta. */
  change(records: Partial<FloorRecords>): Promise<void>;
  /** Publishes the whole floor. */
  full(): Promise<void>;
  beat(): Promise<void>;
  /** Stops answering and publishing: the mirrors see no holder after their silence time. */
  stop(): Promise<void>;
}

export const member = (queue: string, memberInterface: string, name: string, fields: Partial<LiveMember> = {}): LiveMember => ({
  queue,
  interface: memberInterface,
  name,
  status: 1,
  paused: false,
  pausedReason: '',
  inCall: false,
  callsTaken: 0,
  ...fields,
});

export const queue = (name: string, members: readonly LiveMember[], fields: Partial<LiveQueue> = {}): LiveQueue => ({
  name,
  members: Object.fromEntries(members.map((one) => [one.interface, one])),
  callers: {},
  holdTime: 0,
  talkTime: 0,
  completed: 0,
  abandoned: 0,
  ...fields,
});

export const channel = (uniqueId: string, name: string, fields: Partial<LiveChannel> = {}): LiveChannel => ({
  uniqueId,
  linkedId: uniqueId,
  name,
  state: 'Up',
  callerIdNum: '',
  callerIdName: '',
  connectedNum: '',
  context: '',
  exten: '',
  application: '',
  bridgeId: '',
  startedAt: Date.UTC(2026, 11, 2, 9, 0, 0),
  ...fields,
});

/** A holder named `holder` on `namespace` (the app's liveNamespace), stopped at teardown. */
export async function startFloorPublisher(t: Teardown, namespace: string, holder = 'fake-holder', floor: LiveFloor = EMPTY_FLOOR): Promise<FloorPublisher> {
  const channels = liveChannels(namespace);
  const redis = new Redis(TEST_REDIS_URL, { protocol: 2 });
  const subscriber = new Redis(TEST_REDIS_URL, { protocol: 2 });
  const session = randomUUID();
  let seq = 0;
  let stopped = false;
  const publish = async (message: FloorMessage) => {
    if (!stopped) await redis.publish(channels.floor, JSON.stringify(message));
  };
  const envelope = () => ({ session, holder, seq, stale: publisher.stale, sentAt: Date.now() });
  const publisher: FloorPublisher = {
    floor,
    stale: false,
    actions: [],
    outcome: null,
    async change(records) {
      const full: FloorRecords = { channels: records.channels ?? {}, queues: records.queues ?? {}, devices: records.devices ?? {} };
      const next = { ...publisher.floor, channels: { ...publisher.floor.channels }, queues: { ...publisher.floor.queues }, devices: { ...publisher.floor.devices } };
      for (const [id, value] of Object.entries(full.channels)) value === null ? delete next.channels[id] : (next.channels[id] = value);
      for (const [id, value] of Object.entries(full.queues)) value === null ? delete next.queues[id] : (next.queues[id] = value);
      for (const [id, value] of Object.entries(full.devices)) value === null ? delete next.devices[id] : (next.devices[id] = value);
      publisher.floor = next;
      seq += 1;
      await publish({ kind: 'delta', records: full, ...envelope() });
    },
    full: () => publish({ kind: 'full', floor: wholeFloor(publisher.floor), ...envelope() }),
    beat: () => publish({ kind: 'beat', ...envelope() }),
    async stop() {
      clearInterval(beating);
      stopped = true;
      subscriber.disconnect();
      redis.disconnect();
    },
  };
  await subscriber.subscribe(channels.floorRequests, channels.actions);
  subscriber.on('message', (name: string, text: string) => {
    if (name === channels.floorRequests) void publisher.full();
    if (name === channels.actions) {
      const request = JSON.parse(text) as { id: string; action: LiveAction };
      publisher.actions.push(request.action);
      const outcome = publisher.outcome ?? { ok: true, message: 'Done by the fake holder.' };
      void redis.publish(channels.actionResults, JSON.stringify({ id: request.id, ...outcome }));
    }
  });
  // A holder beats a few times per lease ttl; the mirrors count silence as "no holder".
  const beating = setInterval(() => void publisher.beat().catch(() => undefined), 250);
  t.teardown(() => publisher.stop());
  await publisher.full();
  return publisher;
}
