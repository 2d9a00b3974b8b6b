// Call records folded from AMI events: CEL (cel_manager) for the channels of a call, queue
// events (app_queue) for who answered and how long the caller waited, and VarSet of Mayday's
// own result variables for the call's direction and the channel its routing decision was
// taken on. One record per call (Asterisk's LinkedID), emitted at CEL's LINKEDID_END.
// Deterministic: no I/O, the time comes with each event (AMI `Timestamp`, else `now`).

/** What the fold reads from an AMI event; keys are case-insensitive. */
export interface CallEvent {
  readonly event: string;
  get(key: string): string;
}

export type CallOutcome = 'answered' | 'busy' | 'no_answer' | 'failed';
export type CallDirection = 'inbound' | 'outbound' | 'internal';

export const CALL_OUTCOMES: readonly CallOutcome[] = ['answered', 'busy', 'no_answer', 'failed'];
export const CALL_DIRECTIONS: readonly CallDirection[] = ['inbound', 'outbound', 'internal'];

export interface CallRecord {
  readonly linkedId: string;
  /** The channel the routing decision was taken on (where MAYDAY_RESULT / MAYDAY_INBOUND_RESULT was set); else the first channel. */
  readonly routingUniqueId: string;
  readonly direction: CallDirection;
  readonly outcome: CallOutcome;
  readonly startedAt: Date;
  readonly answeredAt: Date | null;
  readonly endedAt: Date;
  /** The first channel's caller ID number: the agent's extension outbound, the customer inbound. */
  readonly caller: string;
  readonly callerChannel: string;
  readonly dialed: string;
  /** The agent's extension: the caller outbound and internal, the answering queue member inbound. */
  readonly agent: string | null;
  /** Who answered: a queue member's name, else the channel bridged with the caller. */
  readonly answeredBy: string | null;
  readonly queue: string | null;
  /** From the first dial (or queue entry) to the answer, or to the end when nobody answered. */
  readonly ringSeconds: number;
  /** From the answer to the end of the caller's last bridge. */
  readonly talkSeconds: number;
  /** A queue caller's wait before an agent answered or they left. */
  readonly waitSeconds: number | null;
  /** A queue caller who hung up before any agent answered. */
  readonly abandoned: boolean;
  readonly hangupCause: number | null;
  readonly did: string | null;
}

interface OpenCall {
  readonly linkedId: string;
  startedAt: number;
  lastEventAt: number;
  callerChannel: string;
  caller: string;
  dialed: string;
  ringFrom: number | null;
  answeredAt: number | null;
  bridgeExitAt: number | null;
  peer: string;
  routingUniqueId: string | null;
  direction: CallDirection;
  did: string | null;
  queue: string | null;
  queueJoinedAt: number | null;
  queueLeftAt: number | null;
  holdSeconds: number | null;
  member: string | null;
  memberInterface: string | null;
  abandoned: boolean;
  dialStatus: string;
  hangupCause: number | null;
}

export interface FoldOptions {
  /** Open calls kept at most; beyond it the oldest is given up (counted). */
  readonly maxOpenCalls: number;
}

/** Variables whose VarSet tells the call's direction (defined with the features' channel variables). */
export interface DirectionVariables {
  readonly outbound: string;
  readonly inbound: string;
  readonly did: string;
}

/**
 * How long a channel event may wait for its call's CEL CHAN_START. Asterisk sends CEL and
 * channel events (VarSet, queue events) from different stasis topics, so a VarSet set in the
 * call's first priority can arrive before the CEL event that opens the call.
 */
export const EARLY_EVENT_WINDOW_MS = 10_000;
const EARLY_EVENTS_PER_CALL = 20;
const CHANNEL_EVENTS = new Set(['VarSet', 'QueueCallerJoin', 'QueueCallerLeave', 'QueueCallerAbandon', 'AgentConnect']);

/**
 * Folds events into call records. Events for a call not seen starting (a connect mid-call)
 * are ignored; a late event after a call's LINKEDID_END starts nothing.
 */
export class CallRecordFold {
  private readonly open = new Map<string, OpenCall>();
  /** Channel events of calls whose CHAN_START has not arrived yet, oldest first. */
  private readonly early = new Map<string, { readonly at: number; readonly events: { readonly event: CallEvent; readonly at: number }[] }>();
  /** Calls given up: over the open-call bound, or silent past the expiry. */
  givenUp = 0;

  constructor(
    private readonly variables: DirectionVariables,
    private readonly options: FoldOptions,
  ) {}

  get openCalls(): number {
    return this.open.size;
  }

  /** Folds one event; returns the finished call's record when this event ended it. */
  apply(event: CallEvent, now: number): CallRecord | null {
    const at = eventTime(event, now);
    if (event.event === 'CEL') return this.cel(event, at);
    const call = this.open.get(event.get('linkedid'));
    if (!call) {
      this.holdEarly(event, at);
      return null;
    }
    this.applyChannelEvent(call, event, at);
    return null;
  }

  private applyChannelEvent(call: OpenCall, event: CallEvent, at: number): void {
    call.lastEventAt = at;
    switch (event.event) {
      case 'VarSet':
        this.varSet(call, event);
        break;
      case 'QueueCallerJoin':
        call.queue = event.get('queue');
        call.queueJoinedAt = at;
        call.ringFrom ??= at;
        break;
      case 'QueueCallerLeave':
        call.queueLeftAt ??= at;
        break;
      case 'QueueCallerAbandon':
        call.abandoned = true;
        call.queueLeftAt ??= at;
        break;
      case 'AgentConnect':
        call.queue = event.get('queue');
        call.member = event.get('membername') || event.get('interface');
        call.memberInterface = event.get('interface');
        call.holdSeconds = wholeNumber(event.get('holdtime'));
        break;
    }
  }

  private holdEarly(event: CallEvent, at: number): void {
    const linkedId = event.get('linkedid');
    if (linkedId === '' || !CHANNEL_EVENTS.has(event.event)) return;
    for (const [id, held] of this.early) {
      if (at - held.at <= EARLY_EVENT_WINDOW_MS && this.early.size < this.options.maxOpenCalls) break;
      this.early.delete(id);
    }
    const held = this.early.get(linkedId) ?? { at, events: [] };
    if (held.events.length < EARLY_EVENTS_PER_CALL) held.events.push({ event, at });
    this.early.set(linkedId, held);
  }

  /** Gives up calls with no event for `maxSilentMs` (their end was lost, e.g. during an AMI outage). */
  expire(now: number, maxSilentMs: number): number {
    let expired = 0;
    for (const [linkedId, call] of this.open) {
      if (now - call.lastEventAt <= maxSilentMs) continue;
      this.open.delete(linkedId);
      expired += 1;
    }
    this.givenUp += expired;
    return expired;
  }

  private cel(event: CallEvent, at: number): CallRecord | null {
    const linkedId = event.get('linkedid');
    const uniqueId = event.get('uniqueid');
    const name = event.get('eventname');
    let call = this.open.get(linkedId);
    if (!call) {
      if (name !== 'CHAN_START' || linkedId === '') return null;
      call = this.start(linkedId, at);
      const held = this.early.get(linkedId);
      this.early.delete(linkedId);
      for (const early of held?.events ?? []) this.applyChannelEvent(call, early.event, early.at);
    }
    call.lastEventAt = at;
    const own = uniqueId === linkedId;
    if (!own) return name === 'LINKEDID_END' ? this.finish(call, at) : null;
    const callerNum = event.get('calleridnum');
    if (callerNum !== '') call.caller = callerNum;
    switch (name) {
      case 'CHAN_START':
        call.callerChannel = event.get('channel');
        call.dialed = event.get('exten');
        break;
      case 'APP_START':
        if (/^(dial|queue)$/i.test(event.get('application'))) {
          call.ringFrom ??= at;
          if (call.dialed === '' || call.dialed === 's') call.dialed = event.get('exten');
        }
        break;
      case 'BRIDGE_ENTER':
        if (call.answeredAt === null) {
          call.answeredAt = at;
          call.peer = event.get('peer');
        }
        call.bridgeExitAt = null;
        break;
      case 'BRIDGE_EXIT':
        call.bridgeExitAt = at;
        break;
      case 'HANGUP': {
        const extra = parseExtra(event.get('extra'));
        call.dialStatus = typeof extra.dialstatus === 'string' ? extra.dialstatus : '';
        call.hangupCause = typeof extra.hangupcause === 'number' ? extra.hangupcause : null;
        break;
      }
      case 'LINKEDID_END':
        return this.finish(call, at);
    }
    return null;
  }

  private start(linkedId: string, at: number): OpenCall {
    if (this.open.size >= this.options.maxOpenCalls) {
      const oldest = this.open.keys().next().value;
      if (oldest !== undefined) this.open.delete(oldest);
      this.givenUp += 1;
    }
    const call: OpenCall = {
      linkedId,
      startedAt: at,
      lastEventAt: at,
      callerChannel: '',
      caller: '',
      dialed: '',
      ringFrom: null,
      answeredAt: null,
      bridgeExitAt: null,
      peer: '',
      routingUniqueId: null,
      direction: 'internal',
      did: null,
      queue: null,
      queueJoinedAt: null,
      queueLeftAt: null,
      holdSeconds: null,
      member: null,
      memberInterface: null,
      abandoned: false,
      dialStatus: '',
      hangupCause: null,
    };
    this.open.set(linkedId, call);
    return call;
  }

  private varSet(call: OpenCall, event: CallEvent): void {
    const variable = event.get('variable');
    const { outbound, inbound, did } = this.variables;
    if (variable === outbound || variable === inbound) {
      // The first decision names the call: an inbound call forwarded out keeps `inbound`.
      if (call.routingUniqueId !== null) return;
      call.routingUniqueId = event.get('uniqueid');
      call.direction = variable === outbound ? 'outbound' : 'inbound';
    } else if (variable === did && call.did === null && event.get('value') !== '') {
      call.did = event.get('value');
    }
  }

  private finish(call: OpenCall, at: number): CallRecord {
    this.open.delete(call.linkedId);
    const answered = call.answeredAt !== null;
    const ringFrom = call.ringFrom ?? call.startedAt;
    const ringEnd = call.answeredAt ?? at;
    const talkEnd = call.bridgeExitAt ?? at;
    const waitSeconds =
      call.queueJoinedAt === null ? null : (call.holdSeconds ?? seconds(call.queueJoinedAt, call.queueLeftAt ?? at));
    return {
      linkedId: call.linkedId,
      routingUniqueId: call.routingUniqueId ?? call.linkedId,
      direction: call.direction,
      // A queue caller nobody answered waited for an agent: that is no answer, whatever the channel's cause.
      outcome: call.queueJoinedAt !== null && !answered ? 'no_answer' : outcomeOf(answered, call.dialStatus, call.hangupCause),
      startedAt: new Date(call.startedAt),
      answeredAt: call.answeredAt === null ? null : new Date(call.answeredAt),
      endedAt: new Date(at),
      caller: call.caller,
      callerChannel: call.callerChannel,
      dialed: call.dialed,
      agent: agentOf(call),
      answeredBy: call.member ?? (call.peer === '' ? null : call.peer),
      queue: call.queue,
      ringSeconds: Math.max(0, seconds(ringFrom, ringEnd)),
      talkSeconds: answered ? Math.max(0, seconds(call.answeredAt!, talkEnd)) : 0,
      waitSeconds,
      abandoned: call.abandoned && !answered,
      hangupCause: call.hangupCause,
      did: call.did,
    };
  }
}

/** The caller's own channel's last DIALSTATUS says why nobody answered; its hangup cause when no Dial ran. */
export function outcomeOf(answered: boolean, dialStatus: string, hangupCause: number | null): CallOutcome {
  if (answered) return 'answered';
  switch (dialStatus.toUpperCase()) {
    case 'BUSY':
      return 'busy';
    case 'NOANSWER':
    case 'CANCEL':
      return 'no_answer';
    case 'CONGESTION':
    case 'CHANUNAVAIL':
    case 'INVALIDARGS':
    case 'DONTCALL':
    case 'TORTURE':
      return 'failed';
  }
  // Q.850: 17 user busy, 18 no user responding, 19 no answer.
  if (hangupCause === 17) return 'busy';
  if (hangupCause === 18 || hangupCause === 19) return 'no_answer';
  return 'failed';
}

/** The agent of the call: a queue member's extension inbound (`PJSIP/1009` → 1009), the caller otherwise. */
function agentOf(call: OpenCall): string | null {
  if (call.memberInterface !== null) return extensionOf(call.memberInterface) ?? call.member;
  if (call.direction === 'inbound') return null;
  return call.caller === '' ? null : call.caller;
}

export function extensionOf(interfaceName: string): string | null {
  const match = /^[A-Za-z]+\/([^@/;-]+)/.exec(interfaceName);
  return match ? match[1]! : null;
}

function eventTime(event: CallEvent, now: number): number {
  const stamp = Number(event.get('timestamp'));
  return event.get('timestamp') !== '' && Number.isFinite(stamp) && stamp > 0 ? Math.round(stamp * 1000) : now;
}

function seconds(from: number, to: number): number {
  return Math.round((to - from) / 1000);
}

function wholeNumber(text: string): number | null {
  return /^\d+$/.test(text) ? Number(text) : null;
}

function parseExtra(text: string): Record<string, unknown> {
  if (text === '') return {};
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
