// What a dashboard user may do to the live floor, checked and described without any I/O.
import type { Role } from '../users/roles.js';

export const PAUSE_REASONS = ['break', 'lunch', 'meeting', 'training', 'after-call', 'other'] as const;
export type PauseReason = (typeof PAUSE_REASONS)[number];

export type LiveAction =
  | { readonly kind: 'pause'; readonly interface: string; readonly paused: true; readonly reason: PauseReason }
  | { readonly kind: 'pause'; readonly interface: string; readonly paused: false }
  | { readonly kind: 'add-member'; readonly queue: string; readonly interface: string; readonly memberName: string }
  | { readonly kind: 'remove-member'; readonly queue: string; readonly interface: string }
  /** Rings `interface` (the agent's phone); once answered, `number` goes through the outbound decision as `extension`. */
  | { readonly kind: 'originate'; readonly interface: string; readonly extension: string; readonly agentName: string; readonly number: string }
  | { readonly kind: 'hangup'; readonly channel: string };

export type LiveActionKind = LiveAction['kind'];

/** Who asks: their role and, for an agent account, their own phone's interface. */
export interface Actor {
  readonly role: Role;
  readonly ownInterface: string | null;
}

export const SUPERVISOR_ROLES: readonly Role[] = ['admin', 'manager'];

/** Supervisors may do everything; an agent only pauses, unpauses and calls from their own phone. */
export function mayRun(actor: Actor, action: LiveAction): boolean {
  if (SUPERVISOR_ROLES.includes(actor.role)) return true;
  if (actor.ownInterface === null) return false;
  return (action.kind === 'pause' || action.kind === 'originate') && action.interface === actor.ownInterface;
}

/** One line for the audit and the result message: what was asked, on what. */
export function describeAction(action: LiveAction): string {
  switch (action.kind) {
    case 'pause':
      return action.paused ? `pause ${action.interface} (${action.reason})` : `unpause ${action.interface}`;
    case 'add-member':
      return `add ${action.interface} to queue ${action.queue}`;
    case 'remove-member':
      return `remove ${action.interface} from queue ${action.queue}`;
    case 'originate':
      return `call ${action.number} from ${action.interface}`;
    case 'hangup':
      return `hang up ${action.channel}`;
  }
}

const QUEUE = /^[A-Za-z0-9_.-]{1,64}$/;
const INTERFACE = /^[A-Za-z0-9/@_.:+-]{1,128}$/;
const CHANNEL = /^[A-Za-z0-9/@_.:;+-]{1,160}$/;
const NUMBER = /^\+?[0-9]{2,32}$/;
const NAME = /^[^"<>\r\n]{0,80}$/;

export type Checked<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: string };

const fail = (problem: string): Checked<never> => ({ ok: false, problem });

/** Checks the fields of an action as they came from a form. */
export function checkAction(action: LiveAction): Checked<LiveAction> {
  if ('interface' in action && !INTERFACE.test(action.interface)) return fail('The agent interface is not valid.');
  if ('queue' in action && !QUEUE.test(action.queue)) return fail('The queue name is not valid.');
  switch (action.kind) {
    case 'pause':
      if (action.paused && !(PAUSE_REASONS as readonly string[]).includes(action.reason)) return fail(`The reason must be one of ${PAUSE_REASONS.join(', ')}.`);
      break;
    case 'add-member':
      if (!NAME.test(action.memberName)) return fail('The member name may not contain quotes, angle brackets or line breaks.');
      break;
    case 'originate':
      if (!NUMBER.test(action.number)) return fail('Enter the number to call: digits, optionally after +.');
      if (!/^[0-9A-Za-z_-]{1,32}$/.test(action.extension) || !NAME.test(action.agentName)) return fail('The agent is not valid.');
      break;
    case 'hangup':
      if (!CHANNEL.test(action.channel)) return fail('The channel name is not valid.');
      break;
    case 'remove-member':
      break;
  }
  return { ok: true, value: action };
}

/** An agent's phone interface from the configured template (`PJSIP/{extension}`). */
export function interfaceOf(template: string, extension: string): string {
  return template.replaceAll('{extension}', extension);
}
