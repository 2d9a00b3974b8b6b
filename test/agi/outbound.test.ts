import t, { type Test } from 'tap';
import { createSnapshot, type ConfigSnapshot } from '../../src/domain/config/snapshot.js';
import type { DecisionRecord } from '../../src/outbound/decision-log.js';
import { DecisionStats } from '../../src/outbound/decision-stats.js';
import { OutboundService } from '../../src/outbound/service.js';
import { loadConfig } from '../../src/config/env.js';
import { startAgiService } from '../../src/main/agi-service.js';
import { CallTracker } from '../../src/calls/tracker.js';
import { connectAgiPeer, type AgiPeerOptions } from '../support/asterisk-agi-peer.js';
import { fixtureConfig } from '../fixtures/config.js';
import { capturingLogger } from '../support/logger.js';
import { waitFor } from '../support/wait.js';

async function serveOutbound(t: Test, snapshot: ConfigSnapshot | null) {
  const records: DecisionRecord[] = [];
  const { log: logger, lines } = capturingLogger();
  const service = new OutboundService({ snapshot: () => snapshot, record: (entry) => records.push(entry), stats: new DecisionStats() });
  const calls = new CallTracker();
  const config = loadConfig({ AGI_PORT: '0', AGI_COMMAND_TIMEOUT_MS: '300' });
  const { server, address } = await startAgiService(config, logger, { outbound: service, calls });
  t.teardown(() => server.close({ drainTimeoutMs: 100 }));
  const { port } = address;
  const call = (args: string[], options: Partial<AgiPeerOptions> = {}) =>
    connectAgiPeer({ host: '127.0.0.1', port, script: 'outbound', args, uniqueId: '1795304775.9', ...options });
  return { call, records, lines, calls };
}

t.test('writes the decision as channel variables, MAYDAY_RESULT last, and records it', async (t) => {
  const { call, records } = await serveOutbound(t, createSnapshot(fixtureConfig, 7));
  const result = await call(['1009', '450712345678']);
  t.equal(result.commands.at(-1), 'SET VARIABLE MAYDAY_RESULT DIAL');
  t.equal(result.variables.get('MAYDAY_DID'), '0310000045');
  t.equal(result.variables.get('MAYDAY_CONFIG_VERSION'), '7');
  t.match(records, [{ uniqueId: '1795304775.9', agent: '1009', dialed: '450712345678', result: 'dial', configVersion: 7 }]);
});

t.test('a call it cannot decide gets MAYDAY_RESULT=FAILURE from the script itself', async (t) => {
  const { call, records, lines } = await serveOutbound(t, null);
  const result = await call(['1009', '0712345678']);
  t.strictSame(result.commands, ['SET VARIABLE MAYDAY_RESULT FAILURE']);
  t.equal(result.closedBy, 'server');
  t.strictSame(records, []);
  t.match(lines().find((line) => line.msg === 'FastAGI script failed'), { err: { type: 'NoSnapshotError' }, uniqueid: '1795304775.9' });
});

t.test('a connection reset mid-script ends the call without trying to write the failure', async (t) => {
  const { call, lines } = await serveOutbound(t, createSnapshot(fixtureConfig, 7));
  const result = await call(['1009', '0712345678'], { resetAfterCommands: 1 });
  t.equal(result.closedBy, 'peer');
  await waitFor(() => lines().find((line) => line.msg === 'FastAGI script failed'), 'the script failure to be logged');
  t.match(lines().find((line) => line.msg === 'FastAGI script failed'), { err: { type: 'AgiSessionClosedError' } });
  t.notOk(lines().some((line) => line.msg === 'FastAGI failure handler failed'), 'no write was tried on the closed session');
});

t.test('a running script is a live call by its uniqueid until it ends', async (t) => {
  const { call, calls } = await serveOutbound(t, createSnapshot(fixtureConfig, 7));
  const stalled = call(['1009', '0712345678'], { stallOnCommand: 1, channel: 'PJSIP/1009-00000007' });
  const live = await waitFor(() => calls.get('1795304775.9'), 'the call to be tracked');
  t.match(live, { channel: 'PJSIP/1009-00000007', protocol: 'agi', purpose: 'outbound' });
  t.equal(calls.size, 1);
  await stalled;
  t.equal(await calls.whenIdle(5000), true, 'it is no longer live once its session ended (command timeout)');
  t.equal(calls.get('1795304775.9'), undefined);
});
