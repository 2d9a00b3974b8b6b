/**
 * The shared test Asterisk (./asterisk.ts) set up for the live floor: queues from
 * queues.conf with Local-channel members, device states, CDR and CEL over AMI, agents'
 * phones and callers that enter a queue.
 */
import type { Teardown, TestAsterisk as Running, TestAsteriskOptions } from './asterisk.js';
import { startTestAsterisk } from './asterisk.js';

export { ASTERISK_ENV, asteriskOrSkip, type TestAsterisk } from './asterisk.js';

export const QUEUES = ['support', 'sales'] as const;

const MODULES = ['app_queue', 'res_manager_devicestate', 'cdr_manager', 'cel_manager', 'app_cdr', 'func_cdr'];

/** A queue member's phone: `Local/<agentN>@t-phones`. */
export const phoneOf = (name: string): string => `Local/${name}@t-phones`;

/**
 * `t-phones`: an agent's phone; `agentN` rings half a second, answers and stays up,
 * `busyN` is busy. `t-callers`: a caller entering a queue (`Local/<queue>@t-callers`).
 * `t-c2c`: the far end of a click-to-call, answers and stays up.
 */
const DIALPLAN = `
[t-phones]
exten => _age[n]t.,1,Ringing()
 same => n,Wait(0.5)
 same => n,Answer()
 same => n,Wait(600)
exten => _bus[y].,1,Busy(5)

[t-callers]
exten => _X.,1,Hangup()
exten => _[a-z].,1,Answer()
 same => n,Queue(\${EXTEN},r,,,30)
 same => n,Hangup()

[t-c2c]
exten => _X.,1,Answer()
 same => n,Wait(600)
`;

const QUEUES_CONF = [
  '[general]', 'persistentmembers = no', 'shared_lastcall = no',
  ...QUEUES.flatMap((queue) => [
    `[${queue}]`, 'strategy = ringall', 'joinempty = yes', 'leavewhenempty = no', 'ringinuse = no',
    'timeout = 5', 'retry = 1', 'announce-frequency = 0', 'periodic-announce-frequency = 0', 'announce-holdtime = no',
  ]),
].join('\n');

export function startFloorAsterisk(t: Teardown, asteriskDir: string, options: TestAsteriskOptions = {}): Promise<Running> {
  return startTestAsterisk(t, asteriskDir, {
    ...options,
    modules: [...MODULES, ...(options.modules ?? [])],
    files: {
      'queues.conf': QUEUES_CONF,
      'cdr.conf': '[general]\nenable = yes\nunanswered = yes\ncongestion = yes\n',
      'cdr_manager.conf': '[general]\nenabled = yes\n',
      'cel.conf': '[general]\nenable = yes\napps = all\nevents = ALL\n[manager]\nenabled = yes\n',
      ...options.files,
    },
    dialplan: `${DIALPLAN}\n${options.dialplan ?? ''}`,
  });
}
