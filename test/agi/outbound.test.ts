import t, { type Test } from 'tap';
import { agiScripts } from '../../agi/index.js';
import { createSnapshot, type ConfigSnapshot } from '../../src/domain/config/snapshot.js';
import type { DecisionRecord } from '../../src/outbound/decision-log.js';
import { DecisionStats } from '../../src/outbound/decision-stats.js';
import { InboundService } from '../../src/inbound/inbound-service.js';
import { OutboundService } from '../../src/outbound/service.js';
import { FastAgiServer } from '../../src/telephony/fastagi/index.js';
import { connectAgiPeer } from '../support/asterisk-agi-peer.js';
import { fixtureConfig } from '../fixtures/config.js';
import { capturingLogger } from '../support/logger.js';
import { waitFor } from '../support/wait.js';

async function serveOutbound(t: Test, snapshot: ConfigSnapshot | null) {
  const records: DecisionRecord[] = [];
  const { log: logger, lines } = capturingLogger();
  const service = new OutboundService({ snapshot: () => snapshot, record: (entry) => records.push(entry), stats: new DecisionStats() });
  const server = new FastAgiServer({ port: 0, logger, scripts: agiScripts({ outbound: service, inbound: new InboundService({ snapshot: () => snapshot }) }) });
  const { port } = await server.listen();
  t.teardown(() => server.close({ drainTimeoutMs: 100 }));
  const call = (args: string[], options: { resetAfterCommands?: number } = {}) =>
    connectAgiPeer({ host: '127.0.0.1', port, script: 'outbound', args, uniqueId: '1795304775.9', ...options });
  return { call, records, lines };
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
