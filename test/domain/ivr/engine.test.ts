import t from 'tap';
import { initialIvrState, step, type IvrEffect, type IvrEvent, type IvrState } from '../../../src/domain/ivr/engine.js';
import type { RunnableMenu } from '../../../src/domain/ivr/menu.js';
import { menu as menuWithDefaults } from '../../fixtures/config.js';

const menu: RunnableMenu = {
  ...menuWithDefaults('main', ['prompt'], { kind: 'queue', queue: 'invalid' }, { kind: 'queue', queue: 'timeout' }),
  greeting: ['greeting'],
  invalidPrompt: 'invalid',
  timeoutPrompt: 'timeout',
  maxRetries: 1,
  digitTimeoutMs: 5000,
  interDigitTimeoutMs: 2000,
  options: [
    { key: '1', target: { kind: 'goto', destination: { kind: 'queue', queue: 'sales' } } },
    { key: '2', target: { kind: 'goto', destination: { kind: 'menu', menu: 'support' } } },
    { key: '0', target: { kind: 'goto', destination: { kind: 'hangup' } } },
    { key: '3', target: { kind: 'goto', destination: { kind: 'queue', queue: 'three' } } },
    { key: '9', target: { kind: 'repeat' } },
  ],
  directDial: true,
  directDialExtensions: ['3009', '3010'],
};

const started: IvrEvent = { kind: 'started' };
const digit = (d: string): IvrEvent => ({ kind: 'digit', digit: d });
const finished = (playback: string): IvrEvent => ({ kind: 'playbackFinished', playback });
const timeout = (timer: string): IvrEvent => ({ kind: 'timeout', timer });
const hangup: IvrEvent = { kind: 'hangup' };

const play = (playback: string, sound: string): IvrEffect => ({ kind: 'play', playback, sound, language: 'en' });
const timer = (id: string, ms: number): IvrEffect => ({ kind: 'startTimer', timer: id, ms });
const cancel = (id: string): IvrEffect => ({ kind: 'cancelTimer', timer: id });
const stop = (playback: string): IvrEffect => ({ kind: 'stopPlayback', playback });
const goQueue = (queue: string): IvrEffect => ({ kind: 'goto', destination: { kind: 'queue', queue } });

function run(events: readonly IvrEvent[], subject: RunnableMenu = menu): { state: IvrState; effects: IvrEffect[][] } {
  let state = initialIvrState;
  const effects: IvrEffect[][] = [];
  for (const event of events) {
    const next = step(state, event, subject);
    state = next.state;
    effects.push([...next.effects]);
  }
  return { state, effects };
}

/** Greeting p1, prompt p2, then listening on t3. */
const toListening = [started, finished('p1'), finished('p2')];

const scenarios: readonly { name: string; events: readonly IvrEvent[]; effects: readonly IvrEffect[][]; end: Partial<IvrState> }[] = [
  {
    name: 'greeting, prompt, then the digit timer',
    events: toListening,
    effects: [[play('p1', 'greeting')], [play('p2', 'prompt')], [timer('t3', 5000)]],
    end: { phase: 'listening', digits: '' },
  },
  {
    name: 'a key after the prompts goes to its destination',
    events: [...toListening, digit('1')],
    effects: [[play('p1', 'greeting')], [play('p2', 'prompt')], [timer('t3', 5000)], [cancel('t3'), goQueue('sales')]],
    end: { phase: 'finished', destination: { kind: 'queue', queue: 'sales' }, reason: 'key 1' },
  },
  {
    name: 'barge-in: a key during the greeting stops it and counts',
    events: [started, digit('1')],
    effects: [[play('p1', 'greeting')], [stop('p1'), goQueue('sales')]],
    end: { phase: 'finished', reason: 'key 1' },
  },
  {
    name: 'without barge-in a key during a prompt is ignored',
    events: [started, digit('1'), finished('p1')],
    effects: [[play('p1', 'greeting')], [], [play('p2', 'prompt')]],
    end: { phase: 'playing', playback: 'p2' },
  },
  {
    name: 'a sub-menu is a destination',
    events: [...toListening, digit('2')],
    effects: [[play('p1', 'greeting')], [play('p2', 'prompt')], [timer('t3', 5000)], [cancel('t3'), { kind: 'goto', destination: { kind: 'menu', menu: 'support' } }]],
    end: { phase: 'finished', reason: 'key 2' },
  },
  {
    name: 'hangup as an option hangs up',
    events: [...toListening, digit('0')],
    effects: [[play('p1', 'greeting')], [play('p2', 'prompt')], [timer('t3', 5000)], [cancel('t3'), { kind: 'hangup' }]],
    end: { phase: 'finished', destination: { kind: 'hangup' } },
  },
  {
    name: 'repeat replays the prompts, not the greeting, and uses no retry',
    events: [...toListening, digit('9'), finished('p4')],
    effects: [[play('p1', 'greeting')], [play('p2', 'prompt')], [timer('t3', 5000)], [cancel('t3'), play('p4', 'prompt')], [timer('t5', 5000)]],
    end: { phase: 'listening', retries: 0 },
  },
  {
    name: 'a wrong key plays the invalid prompt and the prompts again',
    events: [...toListening, digit('7'), finished('p4'), finished('p5')],
    effects: [[play('p1', 'greeting')], [play('p2', 'prompt')], [timer('t3', 5000)], [cancel('t3'), play('p4', 'invalid')], [play('p5', 'prompt')], [timer('t6', 5000)]],
    end: { phase: 'listening', retries: 1 },
  },
  {
    name: 'silence plays the timeout prompt and the prompts again',
    events: [...toListening, timeout('t3')],
    effects: [[play('p1', 'greeting')], [play('p2', 'prompt')], [timer('t3', 5000)], [play('p4', 'timeout')]],
    end: { phase: 'playing', retries: 1, queue: ['prompt'] },
  },
  {
    name: 'retries exhausted by wrong keys: invalid prompt then the invalid destination',
    events: [...toListening, digit('7'), finished('p4'), finished('p5'), digit('7'), finished('p7')],
    effects: [[play('p1', 'greeting')], [play('p2', 'prompt')], [timer('t3', 5000)], [cancel('t3'), play('p4', 'invalid')], [play('p5', 'prompt')], [timer('t6', 5000)], [cancel('t6'), play('p7', 'invalid')], [goQueue('invalid')]],
    end: { phase: 'finished', retries: 2, reason: 'invalid, retries exhausted' },
  },
  {
    name: 'retries exhausted by silence: the timeout destination',
    events: [...toListening, timeout('t3'), finished('p4'), finished('p5'), timeout('t6'), finished('p7')],
    effects: [[play('p1', 'greeting')], [play('p2', 'prompt')], [timer('t3', 5000)], [play('p4', 'timeout')], [play('p5', 'prompt')], [timer('t6', 5000)], [play('p7', 'timeout')], [goQueue('timeout')]],
    end: { phase: 'finished', reason: 'timeout, retries exhausted' },
  },
  {
    name: 'a key during the final notice changes nothing',
    events: [...toListening, timeout('t3'), finished('p4'), finished('p5'), timeout('t6'), digit('1')],
    effects: [[play('p1', 'greeting')], [play('p2', 'prompt')], [timer('t3', 5000)], [play('p4', 'timeout')], [play('p5', 'prompt')], [timer('t6', 5000)], [play('p7', 'timeout')], []],
    end: { phase: 'playing', playback: 'p7' },
  },
  {
    name: 'direct dial waits for more keys, then dials the extension',
    events: [...toListening, digit('3'), digit('0'), digit('0'), digit('9')],
    effects: [[play('p1', 'greeting')], [play('p2', 'prompt')], [timer('t3', 5000)], [cancel('t3'), timer('t4', 2000)], [cancel('t4'), timer('t5', 2000)], [cancel('t5'), timer('t6', 2000)], [cancel('t6'), { kind: 'goto', destination: { kind: 'agent', extension: '3009' } }]],
    end: { phase: 'finished', reason: 'dialed extension 3009' },
  },
  {
    name: 'an option key that starts an extension acts when no more keys come',
    events: [...toListening, digit('3'), timeout('t4')],
    effects: [[play('p1', 'greeting')], [play('p2', 'prompt')], [timer('t3', 5000)], [cancel('t3'), timer('t4', 2000)], [goQueue('three')]],
    end: { phase: 'finished', reason: 'key 3' },
  },
  {
    name: 'an unfinished extension is a wrong key',
    events: [...toListening, digit('3'), digit('0'), timeout('t5')],
    effects: [[play('p1', 'greeting')], [play('p2', 'prompt')], [timer('t3', 5000)], [cancel('t3'), timer('t4', 2000)], [cancel('t4'), timer('t5', 2000)], [play('p6', 'invalid')]],
    end: { phase: 'playing', retries: 1 },
  },
  {
    name: 'stale timers and playbacks are ignored',
    events: [...toListening, finished('p2'), timeout('t1'), finished('p9')],
    effects: [[play('p1', 'greeting')], [play('p2', 'prompt')], [timer('t3', 5000)], [], [], []],
    end: { phase: 'listening', timer: 't3' },
  },
  {
    name: 'hangup while listening cancels the timer',
    events: [...toListening, hangup],
    effects: [[play('p1', 'greeting')], [play('p2', 'prompt')], [timer('t3', 5000)], [cancel('t3')]],
    end: { phase: 'finished', destination: null, reason: 'caller hung up' },
  },
  {
    name: 'hangup during a prompt ends the call; later events do nothing',
    events: [started, hangup, finished('p1'), digit('1'), timeout('t2'), started, hangup],
    effects: [[play('p1', 'greeting')], [], [], [], [], [], []],
    end: { phase: 'finished', destination: null },
  },
];

for (const scenario of scenarios) {
  t.test(scenario.name, async (t) => {
    const subject = scenario.name.startsWith('without barge-in') ? { ...menu, bargeIn: false } : menu;
    const { state, effects } = run(scenario.events, subject);
    t.strictSame(effects, scenario.effects);
    t.match(state, scenario.end);
  });
}

t.test('a menu with no sounds listens at once; one with no direct dial acts on the first key', async (t) => {
  const silent: RunnableMenu = { ...menu, greeting: [], prompts: [], directDial: false };
  t.strictSame(run([started, digit('1')], silent).effects, [[timer('t1', 5000)], [cancel('t1'), goQueue('sales')]]);
});

t.test('every event in every state', async (t) => {
  const states: Record<string, IvrState> = {
    ready: initialIvrState,
    playing: run([started]).state,
    listening: run(toListening).state,
    finished: run([...toListening, digit('1')]).state,
  };
  const events: Record<string, IvrEvent> = {
    started,
    digit: digit('1'),
    currentTimeout: timeout('t3'),
    staleTimeout: timeout('t99'),
    currentPlayback: finished('p1'),
    stalePlayback: finished('p99'),
    hangup,
  };
  // The phase each (state, event) pair leads to.
  const expected: Record<string, Record<string, IvrState['phase']>> = {
    ready: { started: 'playing', digit: 'ready', currentTimeout: 'ready', staleTimeout: 'ready', currentPlayback: 'ready', stalePlayback: 'ready', hangup: 'finished' },
    playing: { started: 'playing', digit: 'finished', currentTimeout: 'playing', staleTimeout: 'playing', currentPlayback: 'playing', stalePlayback: 'playing', hangup: 'finished' },
    listening: { started: 'listening', digit: 'finished', currentTimeout: 'playing', staleTimeout: 'listening', currentPlayback: 'listening', stalePlayback: 'listening', hangup: 'finished' },
    finished: { started: 'finished', digit: 'finished', currentTimeout: 'finished', staleTimeout: 'finished', currentPlayback: 'finished', stalePlayback: 'finished', hangup: 'finished' },
  };
  for (const [stateName, state] of Object.entries(states)) {
    for (const [eventName, event] of Object.entries(events)) {
      const next = step(state, event, menu);
      t.equal(next.state.phase, expected[stateName]?.[eventName], `${stateName} + ${eventName}`);
      if (next.state.phase === state.phase && next.state === state) t.strictSame(next.effects, [], `${stateName} + ${eventName}: no effects when nothing changes`);
    }
  }
});
