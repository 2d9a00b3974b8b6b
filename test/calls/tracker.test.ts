import t from 'tap';
import { CallTracker } from '../../src/calls/tracker.js';

const at = new Date('2026-11-22T09:00:00Z');
const agiCall = (uniqueId: string) => ({ uniqueId, channel: `PJSIP/1009-${uniqueId}`, protocol: 'agi', purpose: 'outbound' });

t.test('tracks live calls by uniqueid with when they started', async (t) => {
  const calls = new CallTracker(() => at);
  const end = calls.begin(agiCall('1.1'));
  calls.begin({ uniqueId: '1.2', channel: 'PJSIP/1010-2', protocol: 'ari', purpose: 'ivr' });
  t.equal(calls.size, 2);
  t.strictSame(calls.get('1.1'), { ...agiCall('1.1'), since: at });
  t.strictSame(calls.list().map((call) => call.uniqueId), ['1.1', '1.2']);
  t.strictSame(calls.countByProtocol(), { agi: 1, ari: 1 });
  end();
  t.equal(calls.get('1.1'), undefined);
  t.strictSame(calls.countByProtocol(), { ari: 1 });
});

t.test('a uniqueid held twice stays live until both holds end; ending twice counts once', async (t) => {
  const calls = new CallTracker();
  const first = calls.begin(agiCall('1.1'));
  const second = calls.begin({ ...agiCall('1.1'), purpose: 'inbound' });
  t.equal(calls.size, 1);
  t.equal(calls.get('1.1')?.purpose, 'outbound', 'the first hold describes the call');
  first();
  first();
  t.equal(calls.size, 1, 'the second hold keeps it live');
  second();
  t.equal(calls.size, 0);
});

t.test('whenIdle resolves true at once when nothing is live, and when the last call ends', async (t) => {
  const calls = new CallTracker();
  t.equal(await calls.whenIdle(0), true);
  const endA = calls.begin(agiCall('1.1'));
  const endB = calls.begin(agiCall('1.2'));
  let settled = false;
  const idle = calls.whenIdle(60_000).then((value) => {
    settled = true;
    return value;
  });
  endA();
  await Promise.resolve();
  t.equal(settled, false, 'one call is still live');
  endB();
  t.equal(await idle, true);
});

t.test('whenIdle resolves false when the time runs out with calls still live', async (t) => {
  const calls = new CallTracker();
  calls.begin(agiCall('1.1'));
  t.equal(await calls.whenIdle(20), false);
  t.equal(calls.size, 1);
});
