import t from 'tap';
import { attachCallRecords } from '../../src/call-records/consumer.js';
import { CallRecordWriter } from '../../src/call-records/writer.js';
import { createDriverPool } from '../../src/data/pool.js';
import { CallRecordFold, type CallEvent, type CallRecord } from '../../src/domain/calls/records.js';
import { createTestDatabase } from '../support/database.js';
import { silentLogger } from '../support/logger.js';
import { TcpProxy } from '../support/tcp-proxy.js';
import { InboundVars } from '../../src/inbound/channel-vars.js';
import { OutboundVars } from '../../src/outbound/channel-vars.js';
import { asteriskOrSkip, startTestAsterisk } from '../support/asterisk.js';
import type { AmiMessage } from '../support/ami-client.js';
import { waitFor } from '../support/wait.js';
import { buildTestWebApp } from '../support/web.js';

// Real calls through a real Asterisk 22 with cel_manager and app_queue: the CEL and queue
// events it sends are folded into one record per call, with the outcome Asterisk saw.

t.setTimeout(180_000);

const asteriskDir = asteriskOrSkip(t);
if (asteriskDir !== null) {
  const asterisk = await startTestAsterisk(t, asteriskDir, {
    endpoints: { main: 'answer', busy: 'busy', slow: 'noanswer' },
    modules: ['cel_manager', 'app_queue'],
    files: {
      'cel.conf': '[general]\nenable = yes\napps = queue,dial\nevents = ALL\n[manager]\nenabled = yes\n',
      'queues.conf': '[general]\npersistentmembers = no\n[sales]\nstrategy = ringall\njoinempty = yes\nleavewhenempty = no\nringinuse = no\ntimeout = 3\nretry = 1\n',
    },
    dialplan: [
      '[t-direct]',
      'exten => _X.,1,Set(MAYDAY_RESULT=DIAL)',
      ' same => n,Dial(Local/${EXTEN}@fake-${DEST},2)',
      ' same => n,Hangup()',
      '[t-callers]',
      'exten => sales,1,Set(MAYDAY_INBOUND_RESULT=ROUTE)',
      ' same => n,Answer()',
      ' same => n,Queue(sales,r,,,10)',
      ' same => n,Hangup()',
      '[t-member]',
      'exten => _age[n]t.,1,Ringing()',
      ' same => n,Wait(0.3)',
      ' same => n,Answer()',
      ' same => n,Wait(1)',
      ' same => n,Hangup()',
    ].join('\n'),
  });

  const fold = new CallRecordFold({ outbound: OutboundVars.result, inbound: InboundVars.result, did: OutboundVars.did }, { maxOpenCalls: 100 });
  const records: CallRecord[] = [];
  let folded = 0;
  const drain = () => {
    for (; folded < asterisk.ami.events.length; folded += 1) {
      const record = fold.apply(asCallEvent(asterisk.ami.events[folded]!), Date.now());
      if (record) records.push(record);
    }
  };
  const recordOf = async (linkedId: string) => {
    await waitFor(() => (drain(), records.some((record) => record.linkedId === linkedId)), `the record of ${linkedId}`, 20_000);
    return records.find((record) => record.linkedId === linkedId)!;
  };

  t.test('an answered outbound call', async (t) => {
    const call = await asterisk.placeCall('1009', '0712345678', { context: 't-direct', variables: { DEST: 'main' } });
    t.match(await recordOf(call.id), { outcome: 'answered', direction: 'outbound', routingUniqueId: call.id, agent: '1009', dialed: '0712345678', answeredBy: /^Local\/0712345678@fake-main/ });
  });

  t.test('a busy outbound call', async (t) => {
    const call = await asterisk.placeCall('1009', '0712345679', { context: 't-direct', variables: { DEST: 'busy' } });
    t.match(await recordOf(call.id), { outcome: 'busy', answeredAt: null, talkSeconds: 0 });
  });

  t.test('an outbound call nobody answers', async (t) => {
    const call = await asterisk.placeCall('1009', '0712345670', { context: 't-direct', variables: { DEST: 'slow' } });
    t.match(await recordOf(call.id), { outcome: 'no_answer', answeredAt: null });
  });

  t.test('an inbound queue call answered by a member', async (t) => {
    await asterisk.ami.succeed({ Action: 'QueueAdd', Queue: 'sales', Interface: 'Local/agent7@t-member', MemberName: 'Agent 7' });
    t.teardown(() => asterisk.ami.action({ Action: 'QueueRemove', Queue: 'sales', Interface: 'Local/agent7@t-member' }).catch(() => undefined));
    const call = await asterisk.placeCall('0712000111', 'sales', { context: 't-callers' });
    const record = await recordOf(call.id);
    t.match(record, { outcome: 'answered', direction: 'inbound', queue: 'sales', answeredBy: 'Agent 7', agent: 'agent7', abandoned: false });
    t.ok(record.waitSeconds !== null && record.waitSeconds >= 0);
  });

  t.test('started with Mayday: the instance holding the AMI lease writes each call to call_records', async (t) => {
    const ami = { host: '127.0.0.1', port: asterisk.amiPort, ...asterisk.amiUser };
    const web = await buildTestWebApp(t, { config: { ami, decisionLogFlushMs: 50 }, live: true });
    const holder = web.core.live.holder;
    if (holder === null) return t.fail('AMI settings given, but no lease holder was built');
    await waitFor(() => holder.holding && holder.amiState.kind === 'connected', 'the lease held and AMI connected', 20_000);
    const call = await asterisk.placeCall('1009', '0712345611', { context: 't-direct', variables: { DEST: 'busy' } });
    await waitFor(async () => (await web.db.prisma.callRecord.count({ where: { linkedId: call.id } })) === 1, 'the call written', 20_000);
    t.match(await web.db.prisma.callRecord.findUniqueOrThrow({ where: { linkedId: call.id } }), { outcome: 'busy', direction: 'outbound', agent: '1009' });
  });

  t.test('MariaDB away while calls end: records wait in the buffer and are all written when it is back', async (t) => {
    const db = await createTestDatabase(t);
    const proxy = await TcpProxy.forDatabase();
    const pool = createDriverPool(proxy.via(db.url));
    t.teardown(async () => {
      await pool.end();
      await proxy.close();
    });
    const writer = new CallRecordWriter({ pool, log: silentLogger(), maxBufferedRows: 100, flushMs: 50 });
    const listeners: ((event: CallEvent) => void)[] = [];
    const consumer = attachCallRecords({ onEvent: (listener) => listeners.push(listener) }, writer, silentLogger());
    t.teardown(() => consumer.stop());
    let fed = asterisk.ami.events.length;
    const feed = () => {
      for (; fed < asterisk.ami.events.length; fed += 1) for (const listener of listeners) listener(asCallEvent(asterisk.ami.events[fed]!));
    };
    writer.start();
    t.teardown(() => writer.close());
    proxy.cut();
    const answered = await asterisk.placeCall('1009', '0712345601', { context: 't-direct', variables: { DEST: 'main' } });
    const busy = await asterisk.placeCall('1009', '0712345602', { context: 't-direct', variables: { DEST: 'busy' } });
    await waitFor(() => (feed(), writer.stats().buffered === 2 && writer.stats().failedFlushes > 0), 'both records buffered during the outage', 20_000);
    t.equal(await db.prisma.callRecord.count(), 0);
    proxy.restore();
    await waitFor(() => writer.stats().buffered === 0 && writer.stats().written === 2, 'the buffered records written', 20_000);
    const rows = await db.prisma.callRecord.findMany({ orderBy: { linkedId: 'asc' } });
    t.same(
      rows.map((row) => [row.linkedId, row.outcome, row.direction]).sort(),
      [[answered.id, 'answered', 'outbound'], [busy.id, 'busy', 'outbound']].sort(),
    );
    t.equal(writer.stats().dropped, 0);
  });
}

function asCallEvent(message: AmiMessage): CallEvent {
  const lower = new Map(Object.entries(message).map(([key, value]) => [key.toLowerCase(), value]));
  return { event: message.Event ?? '', get: (key) => lower.get(key.toLowerCase()) ?? '' };
}
