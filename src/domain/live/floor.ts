// The live floor: channels, queues (members and waiting callers) and device states,
// folded from AMI events. Pure: every function takes the state and the time and returns
// a new state plus what changed, so dashboards re-render only those parts.
//
// AMI events of one connection arrive in order, but a resync's lists and the live stream
// interleave, and Asterisk repeats itself (QueueMemberStatus after QueueMemberPause,
// Newstate with nothing new). So every update is an idempotent upsert keyed by Asterisk's
// ids, a removal of something unknown is a no-op, and a channel that hung up stays
// hung up: late events for it are ignored.

/** What the reducer reads from an AMI event; AMI keys are case-insensitive. */
export interface FloorEvent {
  readonly event: string;
  get(key: string): string;
}

export interface LiveChannel {
  readonly uniqueId: string;
  readonly linkedId: string;
  readonly name: string;
  readonly state: string;
  readonly callerIdNum: string;
  readonly callerIdName: string;
  readonly connectedNum: string;
  readonly context: string;
  readonly exten: string;
  readonly application: string;
  readonly bridgeId: string;
  readonly startedAt: number;
}

export interface LiveMember {
  readonly queue: string;
  readonly interface: string;
  readonly name: string;
  /** Asterisk's device state number for the member (1 not in use, 2 in use, 6 ringing, ...). */
  readonly status: number;
  readonly paused: boolean;
  readonly pausedReason: string;
  readonly inCall: boolean;
  readonly callsTaken: number;
}

export interface WaitingCaller {
  readonly queue: string;
  readonly uniqueId: string;
  readonly channel: string;
  readonly callerIdNum: string;
  readonly joinedAt: number;
}

export interface LiveQueue {
  readonly name: string;
  readonly members: Readonly<Record<string, LiveMember>>;
  readonly callers: Readonly<Record<string, WaitingCaller>>;
  /** From QueueSummary / QueueParams at the last resync: average hold and talk seconds. */
  readonly holdTime: number;
  readonly talkTime: number;
  readonly completed: number;
  readonly abandoned: number;
}

export interface LiveFloor {
  readonly channels: Readonly<Record<string, LiveChannel>>;
  readonly queues: Readonly<Record<string, LiveQueue>>;
  /** Device states by device, and hint states by `exten@context`. */
  readonly devices: Readonly<Record<string, string>>;
  /** Uniqueids hung up recently, oldest first (bounded), so late events cannot bring them back. */
  readonly hungUp: readonly string[];
}

export type FloorChange =
  | { readonly kind: 'channel'; readonly uniqueId: string }
  | { readonly kind: 'queue'; readonly queue: string }
  | { readonly kind: 'device'; readonly device: string };

export interface FloorStep {
  readonly floor: LiveFloor;
  readonly changes: readonly FloorChange[];
}

export const EMPTY_FLOOR: LiveFloor = { channels: {}, queues: {}, devices: {}, hungUp: [] };

const HUNG_UP_MEMORY = 2000;

/** Everything a resync read, in the order Asterisk answered each list. */
export interface FloorSnapshot {
  readonly channels: readonly FloorEvent[];
  readonly queueStatus: readonly FloorEvent[];
  readonly queueSummary: readonly FloorEvent[];
  readonly deviceStates: readonly FloorEvent[];
  readonly extensionStates: readonly FloorEvent[];
}

/** A whole new floor from a resync's lists; nothing of the old state survives. */
export function floorFromSnapshot(snapshot: FloorSnapshot, now: number): LiveFloor {
  let floor: LiveFloor = EMPTY_FLOOR;
  for (const event of [...snapshot.channels, ...snapshot.queueStatus, ...snapshot.queueSummary, ...snapshot.deviceStates, ...snapshot.extensionStates]) {
    floor = applyFloorEvent(floor, event, now).floor;
  }
  return floor;
}

const unchanged = (floor: LiveFloor): FloorStep => ({ floor, changes: [] });

/** Folds one event into the floor. Unknown events leave it unchanged. */
export function applyFloorEvent(floor: LiveFloor, event: FloorEvent, now: number): FloorStep {
  switch (event.event) {
    case 'Newchannel':
    case 'CoreShowChannel':
    case 'Newstate':
    case 'NewCallerid':
    case 'NewConnectedLine':
    case 'Newexten':
    case 'Rename':
      return upsertChannel(floor, event, now);
    case 'Hangup':
      return hangup(floor, event.get('uniqueid'));
    case 'BridgeEnter':
      return setBridge(floor, event.get('uniqueid'), event.get('bridgeuniqueid'));
    case 'BridgeLeave':
      return setBridge(floor, event.get('uniqueid'), '', event.get('bridgeuniqueid'));
    case 'QueueParams':
    case 'QueueSummary':
      return queueFigures(floor, event);
    case 'QueueMember':
    case 'QueueMemberAdded':
    case 'QueueMemberStatus':
    case 'QueueMemberPause':
    case 'QueueMemberPenalty':
    case 'QueueMemberRinginuse':
      return upsertMember(floor, event);
    case 'AgentConnect':
      return setInCall(floor, event.get('queue'), event.get('interface'), true);
    case 'AgentComplete':
      return completeCall(setInCall(floor, event.get('queue'), event.get('interface'), false).floor, event.get('queue'));
    case 'QueueMemberRemoved':
      return removeMember(floor, event.get('queue'), event.get('interface'));
    case 'QueueEntry':
    case 'QueueCallerJoin':
      return addCaller(floor, event, now);
    case 'QueueCallerLeave':
    case 'QueueCallerAbandon':
      return removeCaller(floor, event.get('queue'), event.get('uniqueid'), event.event === 'QueueCallerAbandon');
    case 'DeviceStateChange':
      return setDevice(floor, event.get('device'), event.get('state'));
    case 'ExtensionStatus':
      return event.get('exten') === '' ? unchanged(floor) : setDevice(floor, `${event.get('exten')}@${event.get('context')}`, event.get('statustext'));
    default:
      return unchanged(floor);
  }
}

function upsertChannel(floor: LiveFloor, event: FloorEvent, now: number): FloorStep {
  const uniqueId = event.get('uniqueid');
  if (uniqueId === '' || floor.hungUp.includes(uniqueId)) return unchanged(floor);
  const old = floor.channels[uniqueId];
  const pick = (key: string, previous: string | undefined) => (event.get(key) !== '' ? event.get(key) : (previous ?? ''));
  const channel: LiveChannel = {
    uniqueId,
    linkedId: pick('linkedid', old?.linkedId) || uniqueId,
    name: event.event === 'Rename' ? pick('newname', old?.name) : pick('channel', old?.name),
    state: pick('channelstatedesc', old?.state),
    callerIdNum: pick('calleridnum', old?.callerIdNum),
    callerIdName: pick('calleridname', old?.callerIdName),
    connectedNum: pick('connectedlinenum', old?.connectedNum),
    context: pick('context', old?.context),
    exten: pick('exten', old?.exten),
    application: event.event === 'Newexten' || event.event === 'CoreShowChannel' ? event.get('application') : (old?.application ?? ''),
    bridgeId: event.event === 'CoreShowChannel' ? event.get('bridgeid') : (old?.bridgeId ?? ''),
    startedAt: old?.startedAt ?? now - durationMs(event.get('duration')),
  };
  if (old && sameRecord(old, channel)) return unchanged(floor);
  return { floor: { ...floor, channels: { ...floor.channels, [uniqueId]: channel } }, changes: [{ kind: 'channel', uniqueId }] };
}

/** Removes the channel, and the caller it was in any queue if its QueueCallerLeave was missed. */
function hangup(floor: LiveFloor, uniqueId: string): FloorStep {
  if (uniqueId === '' || floor.hungUp.includes(uniqueId)) return unchanged(floor);
  const { [uniqueId]: gone, ...channels } = floor.channels;
  const hungUp = [...floor.hungUp.slice(-(HUNG_UP_MEMORY - 1)), uniqueId];
  const changes: FloorChange[] = gone ? [{ kind: 'channel', uniqueId }] : [];
  let next: LiveFloor = { ...floor, channels, hungUp };
  for (const queue of Object.values(floor.queues)) {
    if (!queue.callers[uniqueId]) continue;
    const step = removeCaller(next, queue.name, uniqueId, false);
    next = step.floor;
    changes.push(...step.changes);
  }
  return { floor: next, changes };
}

function setBridge(floor: LiveFloor, uniqueId: string, bridgeId: string, leaving?: string): FloorStep {
  const channel = floor.channels[uniqueId];
  // A BridgeLeave that arrives after the channel entered another bridge must not clear it.
  if (!channel || channel.bridgeId === bridgeId || (leaving !== undefined && channel.bridgeId !== leaving)) return unchanged(floor);
  return { floor: { ...floor, channels: { ...floor.channels, [uniqueId]: { ...channel, bridgeId } } }, changes: [{ kind: 'channel', uniqueId }] };
}

function queueOf(floor: LiveFloor, name: string): LiveQueue {
  return floor.queues[name] ?? { name, members: {}, callers: {}, holdTime: 0, talkTime: 0, completed: 0, abandoned: 0 };
}

function withQueue(floor: LiveFloor, queue: LiveQueue): FloorStep {
  const old = floor.queues[queue.name];
  if (old && sameRecord(old, queue)) return unchanged(floor);
  return { floor: { ...floor, queues: { ...floor.queues, [queue.name]: queue } }, changes: [{ kind: 'queue', queue: queue.name }] };
}

function queueFigures(floor: LiveFloor, event: FloorEvent): FloorStep {
  const name = event.get('queue');
  if (name === '') return unchanged(floor);
  const queue = queueOf(floor, name);
  const number = (key: string, previous: number) => (event.get(key) === '' ? previous : toNumber(event.get(key)));
  return withQueue(floor, {
    ...queue,
    holdTime: number('holdtime', queue.holdTime),
    talkTime: number('talktime', queue.talkTime),
    completed: number('completed', queue.completed),
    abandoned: number('abandoned', queue.abandoned),
  });
}

function upsertMember(floor: LiveFloor, event: FloorEvent): FloorStep {
  const queueName = event.get('queue');
  // QueueStatus names the interface `Location`; the member events call it `Interface`.
  const memberInterface = event.get('interface') || event.get('location');
  if (queueName === '' || memberInterface === '') return unchanged(floor);
  const queue = queueOf(floor, queueName);
  const old = queue.members[memberInterface];
  const text = (key: string, previous: string | undefined) => (event.get(key) !== '' ? event.get(key) : (previous ?? ''));
  const flag = (key: string, previous: boolean | undefined) => (event.get(key) !== '' ? event.get(key) === '1' || event.get(key).toLowerCase() === 'true' : (previous ?? false));
  const paused = flag('paused', old?.paused);
  const member: LiveMember = {
    queue: queueName,
    interface: memberInterface,
    name: text('membername', undefined) || text('name', old?.name) || memberInterface,
    status: event.get('status') !== '' ? toNumber(event.get('status')) : (old?.status ?? 0),
    paused,
    pausedReason: paused ? text('pausedreason', old?.pausedReason) : '',
    inCall: flag('incall', old?.inCall),
    callsTaken: event.get('callstaken') !== '' ? toNumber(event.get('callstaken')) : (old?.callsTaken ?? 0),
  };
  return withQueue(floor, { ...queue, members: { ...queue.members, [memberInterface]: member } });
}

/** Asterisk 22 sends no QueueMemberStatus with InCall=1 when a member answers; AgentConnect says it. */
function setInCall(floor: LiveFloor, queueName: string, memberInterface: string, inCall: boolean): FloorStep {
  const queue = floor.queues[queueName];
  const member = queue?.members[memberInterface];
  if (!queue || !member) return unchanged(floor);
  return withQueue(floor, { ...queue, members: { ...queue.members, [memberInterface]: { ...member, inCall } } });
}

function completeCall(floor: LiveFloor, queueName: string): FloorStep {
  const queue = floor.queues[queueName];
  return queue ? withQueue(floor, { ...queue, completed: queue.completed + 1 }) : unchanged(floor);
}

function removeMember(floor: LiveFloor, queueName: string, memberInterface: string): FloorStep {
  const queue = floor.queues[queueName];
  if (!queue?.members[memberInterface]) return unchanged(floor);
  const { [memberInterface]: _removed, ...members } = queue.members;
  return withQueue(floor, { ...queue, members });
}

function addCaller(floor: LiveFloor, event: FloorEvent, now: number): FloorStep {
  const queueName = event.get('queue');
  const uniqueId = event.get('uniqueid');
  if (queueName === '' || uniqueId === '' || floor.hungUp.includes(uniqueId)) return unchanged(floor);
  const queue = queueOf(floor, queueName);
  const old = queue.callers[uniqueId];
  const caller: WaitingCaller = {
    queue: queueName,
    uniqueId,
    channel: event.get('channel') || (old?.channel ?? ''),
    callerIdNum: event.get('calleridnum') || (old?.callerIdNum ?? ''),
    joinedAt: old?.joinedAt ?? now - toNumber(event.get('wait')) * 1000,
  };
  return withQueue(floor, { ...queue, callers: { ...queue.callers, [uniqueId]: caller } });
}

function removeCaller(floor: LiveFloor, queueName: string, uniqueId: string, abandoned: boolean): FloorStep {
  const queue = floor.queues[queueName];
  if (!queue?.callers[uniqueId]) return unchanged(floor);
  const { [uniqueId]: _left, ...callers } = queue.callers;
  return withQueue(floor, { ...queue, callers, abandoned: queue.abandoned + (abandoned ? 1 : 0) });
}

function setDevice(floor: LiveFloor, device: string, state: string): FloorStep {
  if (device === '' || floor.devices[device] === state) return unchanged(floor);
  return { floor: { ...floor, devices: { ...floor.devices, [device]: state } }, changes: [{ kind: 'device', device }] };
}

/** The longest wait in a queue at `now`, in whole seconds (0 when nobody waits). */
export function longestWaitSeconds(queue: LiveQueue, now: number): number {
  const joined = Object.values(queue.callers).map((caller) => caller.joinedAt);
  return joined.length === 0 ? 0 : Math.max(0, Math.floor((now - Math.min(...joined)) / 1000));
}

/** Every change between two floors, for a resync that replaced the whole state. */
export function floorDifference(before: LiveFloor, after: LiveFloor): FloorChange[] {
  const changes: FloorChange[] = [];
  for (const uniqueId of new Set([...Object.keys(before.channels), ...Object.keys(after.channels)])) {
    const a = before.channels[uniqueId];
    const b = after.channels[uniqueId];
    if (!a || !b || !sameRecord(a, b)) changes.push({ kind: 'channel', uniqueId });
  }
  for (const queue of new Set([...Object.keys(before.queues), ...Object.keys(after.queues)])) {
    const a = before.queues[queue];
    const b = after.queues[queue];
    if (!a || !b || !sameRecord(a, b)) changes.push({ kind: 'queue', queue });
  }
  for (const device of new Set([...Object.keys(before.devices), ...Object.keys(after.devices)])) {
    if (before.devices[device] !== after.devices[device]) changes.push({ kind: 'device', device });
  }
  return changes;
}

function sameRecord(a: object, b: object): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function toNumber(text: string): number {
  const value = Number(text);
  return Number.isFinite(value) ? value : 0;
}

/** CoreShowChannel's `Duration` is `HH:MM:SS`. */
function durationMs(text: string): number {
  const parts = text.split(':').map(Number);
  if (parts.length !== 3 || parts.some((part) => !Number.isFinite(part))) return 0;
  return ((parts[0]! * 60 + parts[1]!) * 60 + parts[2]!) * 1000;
}
