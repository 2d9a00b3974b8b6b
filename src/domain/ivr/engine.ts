// The IVR as a pure state machine: step(state, event, menu) → { state, effects }. The ARI
// adapter feeds it channel events and carries out its effects. Playbacks and timers carry
// ids, so a playback or timer event that arrives after the engine moved on is ignored.

import type { Destination } from '../inbound/destination.js';
import type { MenuOption, RunnableMenu } from './menu.js';

export type IvrEvent =
  | { readonly kind: 'started' }
  | { readonly kind: 'digit'; readonly digit: string }
  | { readonly kind: 'timeout'; readonly timer: string }
  /** Also sent when a playback failed: a broken prompt must not strand the caller. */
  | { readonly kind: 'playbackFinished'; readonly playback: string }
  | { readonly kind: 'hangup' };

export type IvrEffect =
  | { readonly kind: 'play'; readonly playback: string; readonly sound: string; readonly language: string }
  | { readonly kind: 'stopPlayback'; readonly playback: string }
  | { readonly kind: 'startTimer'; readonly timer: string; readonly ms: number }
  | { readonly kind: 'cancelTimer'; readonly timer: string }
  | { readonly kind: 'goto'; readonly destination: Exclude<Destination, { kind: 'hangup' }> }
  | { readonly kind: 'hangup' };

/** What happens when the sounds being played are done. */
export type AfterPlayback =
  | { readonly kind: 'listen' }
  | { readonly kind: 'leave'; readonly destination: Destination; readonly reason: string };

interface Progress {
  /** Source of playback and timer ids. */
  readonly seq: number;
  readonly retries: number;
}

export type IvrState =
  | (Progress & { readonly phase: 'ready' })
  | (Progress & {
      readonly phase: 'playing';
      readonly playback: string;
      readonly queue: readonly string[];
      readonly after: AfterPlayback;
    })
  | (Progress & { readonly phase: 'listening'; readonly timer: string; readonly digits: string })
  /** `destination` null: the caller hung up. */
  | (Progress & { readonly phase: 'finished'; readonly destination: Destination | null; readonly reason: string });

export interface Step {
  readonly state: IvrState;
  readonly effects: readonly IvrEffect[];
}

export const initialIvrState: IvrState = { phase: 'ready', seq: 0, retries: 0 };

export function step(state: IvrState, event: IvrEvent, menu: RunnableMenu): Step {
  if (state.phase === 'finished') return unchanged(state);
  if (event.kind === 'hangup') return hangUp(state);
  switch (state.phase) {
    case 'ready':
      return event.kind === 'started' ? play(state, [...menu.greeting, ...menu.prompts], LISTEN, menu) : unchanged(state);
    case 'playing':
      return stepPlaying(state, event, menu);
    case 'listening':
      return stepListening(state, event, menu);
  }
}

const LISTEN: AfterPlayback = { kind: 'listen' };

type Playing = Extract<IvrState, { phase: 'playing' }>;
type Listening = Extract<IvrState, { phase: 'listening' }>;

function stepPlaying(state: Playing, event: IvrEvent, menu: RunnableMenu): Step {
  if (event.kind === 'playbackFinished' && event.playback === state.playback) {
    return play(state, state.queue, state.after, menu);
  }
  // Keys pressed while the caller is being sent away change nothing.
  if (event.kind === 'digit' && menu.bargeIn && state.after.kind === 'listen') {
    return prefixed([{ kind: 'stopPlayback', playback: state.playback }], pressKey(state, '', event.digit, menu));
  }
  return unchanged(state);
}

function stepListening(state: Listening, event: IvrEvent, menu: RunnableMenu): Step {
  if (event.kind === 'digit') {
    return prefixed([{ kind: 'cancelTimer', timer: state.timer }], pressKey(state, state.digits, event.digit, menu));
  }
  if (event.kind === 'timeout' && event.timer === state.timer) {
    if (state.digits === '') return retryOrLeave(state, 'timeout', menu);
    return resolveDigits(state, state.digits, menu, true);
  }
  return unchanged(state);
}

function pressKey(state: IvrState, collected: string, digit: string, menu: RunnableMenu): Step {
  return resolveDigits(state, collected + digit, menu, false);
}

/** `final`: no more keys will come (the inter-digit timer ran out). */
function resolveDigits(state: IvrState, digits: string, menu: RunnableMenu, final: boolean): Step {
  const extensions = menu.directDial ? menu.directDialExtensions : [];
  if (!final && extensions.some((extension) => extension.length > digits.length && extension.startsWith(digits))) {
    return listen(state, digits, menu.interDigitTimeoutMs);
  }
  const option = digits.length === 1 ? menu.options.find((candidate) => candidate.key === digits) : undefined;
  if (option !== undefined) return choose(state, option, menu);
  if (extensions.includes(digits)) return leave(state, { kind: 'agent', extension: digits }, `dialed extension ${digits}`);
  return retryOrLeave(state, 'invalid', menu);
}

function choose(state: IvrState, option: MenuOption, menu: RunnableMenu): Step {
  if (option.target.kind === 'repeat') return play(state, menu.prompts, LISTEN, menu);
  return leave(state, option.target.destination, `key ${option.key}`);
}

function retryOrLeave(state: IvrState, failure: 'invalid' | 'timeout', menu: RunnableMenu): Step {
  const prompt = failure === 'invalid' ? menu.invalidPrompt : menu.timeoutPrompt;
  const notice = prompt === null ? [] : [prompt];
  const retries = state.retries + 1;
  if (retries > menu.maxRetries) {
    const destination = failure === 'invalid' ? menu.invalidDestination : menu.timeoutDestination;
    return play({ ...state, retries }, notice, { kind: 'leave', destination, reason: `${failure}, retries exhausted` }, menu);
  }
  return play({ ...state, retries }, [...notice, ...menu.prompts], LISTEN, menu);
}

function play(state: IvrState, sounds: readonly string[], after: AfterPlayback, menu: RunnableMenu): Step {
  const [sound, ...queue] = sounds;
  if (sound === undefined) {
    return after.kind === 'listen' ? listen(state, '', menu.digitTimeoutMs) : leave(state, after.destination, after.reason);
  }
  const seq = state.seq + 1;
  const playback = `p${seq}`;
  return {
    state: { phase: 'playing', seq, retries: state.retries, playback, queue, after },
    effects: [{ kind: 'play', playback, sound, language: menu.language }],
  };
}

function listen(state: IvrState, digits: string, ms: number): Step {
  const seq = state.seq + 1;
  const timer = `t${seq}`;
  return {
    state: { phase: 'listening', seq, retries: state.retries, timer, digits },
    effects: [{ kind: 'startTimer', timer, ms }],
  };
}

function leave(state: IvrState, destination: Destination, reason: string): Step {
  return {
    state: { phase: 'finished', seq: state.seq, retries: state.retries, destination, reason },
    effects: [destination.kind === 'hangup' ? { kind: 'hangup' } : { kind: 'goto', destination }],
  };
}

function hangUp(state: Exclude<IvrState, { phase: 'finished' }>): Step {
  const effects: IvrEffect[] = state.phase === 'listening' ? [{ kind: 'cancelTimer', timer: state.timer }] : [];
  return { state: { phase: 'finished', seq: state.seq, retries: state.retries, destination: null, reason: 'caller hung up' }, effects };
}

function prefixed(effects: readonly IvrEffect[], next: Step): Step {
  return { state: next.state, effects: [...effects, ...next.effects] };
}

function unchanged(state: IvrState): Step {
  return { state, effects: [] };
}
