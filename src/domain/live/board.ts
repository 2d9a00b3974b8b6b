// What the Live page shows, derived from the mirrored floor without any I/O: one row per
// agent (a queue member, across all its queues), per queue and per call (a linkedid).
// Each row has a stable DOM id, so a push replaces exactly the rows that changed.
import type { LiveChannel, LiveFloor, LiveQueue } from './floor.js';

export type AgentState = 'paused' | 'talking' | 'ringing' | 'available' | 'unavailable';

export interface AgentRow {
  readonly domId: string;
  readonly interface: string;
  readonly name: string;
  readonly queues: readonly string[];
  readonly state: AgentState;
  readonly paused: boolean;
  readonly pausedReason: string;
  /** The other party of the agent's bridged call (caller ID or channel), when talking. */
  readonly talkingWith: string | null;
  /** When the agent's call channel started (ms), when talking. */
  readonly since: number | null;
  readonly callsTaken: number;
}

export interface QueueRow {
  readonly domId: string;
  readonly name: string;
  readonly waiting: number;
  /** When the longest-waiting caller joined (ms); null when nobody waits. */
  readonly longestWaitSince: number | null;
  readonly members: number;
  readonly available: number;
  readonly paused: number;
  readonly completed: number;
  readonly abandoned: number;
}

export interface CallRow {
  readonly domId: string;
  readonly linkedId: string;
  readonly from: string;
  readonly to: string;
  readonly state: string;
  readonly startedAt: number;
  /** Channel names, first the one that started the call. */
  readonly channels: readonly string[];
  /** The queue the caller waits in, when waiting. */
  readonly waitingIn: string | null;
}

export interface Board {
  readonly agents: readonly AgentRow[];
  readonly queues: readonly QueueRow[];
  readonly calls: readonly CallRow[];
}

/** A DOM id from any Asterisk name: letters, digits, `-` kept, everything else hex-escaped. */
export function domId(prefix: string, key: string): string {
  return `${prefix}-${key.replace(/[^A-Za-z0-9-]/g, (char) => `_${char.codePointAt(0)!.toString(16)}_`)}`;
}

// Asterisk's device state numbers as QueueMember reports them.
const RINGING = new Set([6, 7]);
const IN_USE = new Set([2, 3, 7, 8]);
const UNAVAILABLE = new Set([4, 5]);

// A plain code-unit order: localeCompare costs microseconds a call, which adds up at every push.
const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/**
 * Channels by the interface they were made on (`PJSIP/1001-0000002a` and
 * `Local/agent1@t-phones-00000005;1` are channels of `PJSIP/1001` and `Local/agent1@t-phones`),
 * and by bridge: built once per board, so a board is linear in channels and members.
 */
function channelIndex(floor: LiveFloor): { byInterface: Map<string, LiveChannel[]>; byBridge: Map<string, LiveChannel[]> } {
  const byInterface = new Map<string, LiveChannel[]>();
  const byBridge = new Map<string, LiveChannel[]>();
  const add = (map: Map<string, LiveChannel[]>, key: string, channel: LiveChannel) => {
    const list = map.get(key);
    if (list === undefined) map.set(key, [channel]);
    else list.push(channel);
  };
  for (const channel of Object.values(floor.channels)) {
    const dash = channel.name.lastIndexOf('-');
    if (dash > 0) add(byInterface, channel.name.slice(0, dash), channel);
    if (channel.bridgeId !== '') add(byBridge, channel.bridgeId, channel);
  }
  return { byInterface, byBridge };
}

/** Who the channel talks to: the other channels in its bridge, by caller ID where known. */
function peerOf(byBridge: Map<string, LiveChannel[]>, channel: LiveChannel): string {
  const peer = (byBridge.get(channel.bridgeId) ?? []).find((other) => other.uniqueId !== channel.uniqueId);
  if (peer === undefined) return channel.connectedNum || 'unknown';
  return peer.callerIdNum || peer.name;
}

export function agentRows(floor: LiveFloor, only?: string): AgentRow[] {
  const byInterface = new Map<string, { queues: string[]; members: LiveQueue['members'][string][] }>();
  for (const queue of Object.values(floor.queues)) {
    for (const member of Object.values(queue.members)) {
      if (only !== undefined && member.interface !== only) continue;
      const entry = byInterface.get(member.interface) ?? { queues: [], members: [] };
      entry.queues.push(queue.name);
      entry.members.push(member);
      byInterface.set(member.interface, entry);
    }
  }
  const rows: AgentRow[] = [];
  const channels = channelIndex(floor);
  for (const [memberInterface, { queues, members }] of byInterface) {
    const first = members[0]!;
    const paused = members.some((member) => member.paused);
    const pausedReason = members.find((member) => member.paused)?.pausedReason ?? '';
    const bridged = channels.byInterface.get(memberInterface)?.find((channel) => channel.bridgeId !== '');
    const inCall = bridged !== undefined || members.some((member) => member.inCall || IN_USE.has(member.status));
    const state: AgentState = paused
      ? 'paused'
      : inCall
        ? 'talking'
        : members.some((member) => RINGING.has(member.status))
          ? 'ringing'
          : members.every((member) => UNAVAILABLE.has(member.status))
            ? 'unavailable'
            : 'available';
    rows.push({
      domId: domId('agent', memberInterface),
      interface: memberInterface,
      name: first.name || memberInterface,
      queues: queues.sort(),
      state,
      paused,
      pausedReason,
      talkingWith: bridged === undefined ? null : peerOf(channels.byBridge, bridged),
      since: bridged === undefined ? null : bridged.startedAt,
      callsTaken: members.reduce((sum, member) => sum + member.callsTaken, 0),
    });
  }
  return rows.sort(byName);
}

export function queueRows(floor: LiveFloor): QueueRow[] {
  return Object.values(floor.queues)
    .map((queue): QueueRow => {
      const members = Object.values(queue.members);
      const callers = Object.values(queue.callers);
      return {
        domId: domId('queue', queue.name),
        name: queue.name,
        waiting: callers.length,
        longestWaitSince: callers.length === 0 ? null : Math.min(...callers.map((caller) => caller.joinedAt)),
        members: members.length,
        available: members.filter((member) => !member.paused && !member.inCall && !UNAVAILABLE.has(member.status) && !IN_USE.has(member.status)).length,
        paused: members.filter((member) => member.paused).length,
        completed: queue.completed,
        abandoned: queue.abandoned,
      };
    })
    .sort(byName);
}

export function callRows(floor: LiveFloor): CallRow[] {
  const byCall = new Map<string, LiveChannel[]>();
  for (const channel of Object.values(floor.channels)) {
    const list = byCall.get(channel.linkedId) ?? [];
    list.push(channel);
    byCall.set(channel.linkedId, list);
  }
  const waiting = new Map<string, string>();
  for (const queue of Object.values(floor.queues)) for (const caller of Object.values(queue.callers)) waiting.set(caller.uniqueId, queue.name);
  const rows: CallRow[] = [];
  for (const [linkedId, channels] of byCall) {
    channels.sort((a, b) => (a.uniqueId === linkedId ? -1 : b.uniqueId === linkedId ? 1 : a.startedAt - b.startedAt));
    const origin = channels[0]!;
    const answered = channels.some((channel) => channel.bridgeId !== '');
    const queue = channels.map((channel) => waiting.get(channel.uniqueId)).find((name) => name !== undefined) ?? null;
    rows.push({
      domId: domId('call', linkedId),
      linkedId,
      from: origin.callerIdNum || origin.name,
      to: origin.exten || origin.connectedNum || '',
      state: queue !== null ? 'waiting' : answered ? 'talking' : origin.state.toLowerCase() || 'unknown',
      startedAt: Math.min(...channels.map((channel) => channel.startedAt)),
      channels: channels.map((channel) => channel.name),
      waitingIn: queue,
    });
  }
  return rows.sort((a, b) => a.startedAt - b.startedAt || (a.linkedId < b.linkedId ? -1 : a.linkedId > b.linkedId ? 1 : 0));
}

/** The whole board; `onlyAgent` limits it to one agent's own row (what an agent account sees). */
export function boardOf(floor: LiveFloor, onlyAgent?: string): Board {
  if (onlyAgent !== undefined) return { agents: agentRows(floor, onlyAgent), queues: [], calls: [] };
  return { agents: agentRows(floor), queues: queueRows(floor), calls: callRows(floor) };
}
