import t from 'tap';
import { readProviderConfig } from '../../src/config/sms-provider.js';
import { startProviderPeer } from '../support/sms-provider-peer.js';
import { waitFor } from '../support/wait.js';
import { buildTestWebApp, seedRouting } from '../support/web.js';

const TOKEN = 'dlr-token-for-tests-0123456789';
const peer = await startProviderPeer();
t.teardown(() => peer.close());
const provider = readProviderConfig({ baseUrl: peer.baseUrl, sender: 'MAYDAY' });
if (!provider.ok) throw new Error('bad provider config');

const web = await buildTestWebApp(t, {
  config: { smsProvider: provider.config, smsWebhookToken: TOKEN, smsPublicUrl: 'http://127.0.0.1:3002', smsWebhookRatePerSecond: 1000 },
});
await seedRouting(web.db.prisma);
await web.deps.snapshots.refresh();
await web.createUser('agent1009', 'agent', '1009');
const agent = await web.db.prisma.dashboardUser.findUniqueOrThrow({ where: { username: 'agent1009' } });
const { service, repository } = web.deps.sms;
await web.deps.sms.start();

const report = (fields: Record<string, unknown>, token = TOKEN) =>
  web.app.inject({ method: 'POST', url: `/webhooks/sms/${token}`, payload: fields });

async function sentMessage(content: string, providerId: string) {
  peer.queue({ status: 200, body: { id: providerId } });
  const result = await service.send({ userId: agent.id, role: 'agent' }, '0712345678', content);
  if (result.kind !== 'queued') throw new Error(`not queued: ${JSON.stringify(result)}`);
  return waitFor(async () => {
    const message = await repository.findById(result.message.id);
    return message?.status === 'queued' ? null : message;
  }, 'the message to leave the outbox');
}

t.test('the outbox asks for reports at the webhook URL with the token', async (t) => {
  const message = await sentMessage('asks for reports', 'p-url');
  t.equal(message.status, 'sent');
  t.equal(peer.sent().at(-1)?.['dlr-url'], `http://127.0.0.1:3002/webhooks/sms/${TOKEN}`);
});

t.test('a report moves a sent message on; a duplicate changes nothing; delivered never goes back', async (t) => {
  const message = await sentMessage('report me', 'p-1');
  const first = await report({ id: 'p-1', status: 'DELIVRD' });
  t.equal(first.statusCode, 200);
  t.same(first.json(), { result: 'applied' });
  t.match(await repository.findById(message.id), { status: 'delivered', error: null });
  t.same((await report({ id: 'p-1', status: 'DELIVRD' })).json(), { result: 'duplicate' });
  t.same((await report({ id: 'p-1', status: 'sent' })).json(), { result: 'applied' }, 'a late sent report is recorded');
  t.same((await report({ id: 'p-1', status: 'failed', error: 'late' })).json(), { result: 'applied' });
  t.match(await repository.findById(message.id), { status: 'delivered', error: null }, 'still delivered');
  t.equal(await web.db.prisma.smsReport.count({ where: { providerId: 'p-1' } }), 3, 'each status recorded once');
});

t.test('a report that arrives before the send result is applied once the result is written', async (t) => {
  peer.beforeAnswer = async (request) => {
    if (!request.body.includes('faster than the answer')) return;
    const early = await report({ id: 'p-early', status: 'undelivered', error: 'absent subscriber' });
    t.same(early.json(), { result: 'applied' }, 'stored although no message has that id yet');
  };
  t.teardown(() => void (peer.beforeAnswer = null));
  const message = await sentMessage('faster than the answer', 'p-early');
  t.match(message, { status: 'undelivered', error: 'absent subscriber', providerId: 'p-early' });
});

t.test('a wrong or missing token is refused and stores nothing', async (t) => {
  const before = await web.db.prisma.smsReport.count();
  const wrong = await report({ id: 'p-1', status: 'failed' }, 'not-the-token');
  t.equal(wrong.statusCode, 404);
  t.equal((await web.app.inject({ method: 'POST', url: '/webhooks/sms/', payload: { id: 'p-1', status: 'failed' } })).statusCode, 404);
  t.equal(await web.db.prisma.smsReport.count(), before);
});

t.test('reports come as JSON, as a form or as a query, without a session or CSRF token', async (t) => {
  await sentMessage('form report', 'p-form');
  const form = await web.app.inject({
    method: 'POST',
    url: `/webhooks/sms/${TOKEN}`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: 'message_id=p-form&dlr=1',
  });
  t.same(form.json(), { result: 'applied' });
  await sentMessage('query report', 'p-query');
  const query = await web.app.inject({ method: 'GET', url: `/webhooks/sms/${TOKEN}?id=p-query&status=rejected&err=blocked` });
  t.same(query.json(), { result: 'applied' });
  t.match(await web.db.prisma.smsMessage.findUnique({ where: { providerId: 'p-query' } }), { status: 'failed', error: 'blocked' });
});

t.test('bad reports: unknown status, no id, not an object, too large', async (t) => {
  t.match((await report({ id: 'p-x', status: 'teleported' })).json(), { error: 'unknown status "teleported"' });
  t.equal((await report({ status: 'delivered' })).statusCode, 400);
  const array = await web.app.inject({ method: 'POST', url: `/webhooks/sms/${TOKEN}`, headers: { 'content-type': 'application/json' }, payload: '[1,2]' });
  t.equal(array.statusCode, 400);
  const huge = await report({ id: 'p-big', status: 'delivered', padding: 'x'.repeat(20_000) });
  t.equal(huge.statusCode, 413);
  const broken = await web.app.inject({ method: 'POST', url: `/webhooks/sms/${TOKEN}`, headers: { 'content-type': 'application/json' }, payload: '{"id":' });
  t.equal(broken.statusCode, 400);
  t.match(broken.json(), { error: /JSON/ });
});

t.test('an inbound message becomes received, in the thread of the agent who wrote last; a repeat is ignored', async (t) => {
  const inbound = { id: 'in-1', from: '+256 712 345 678', to: 'MAYDAY', content: 'Thanks, see you!' };
  t.same((await report(inbound)).json(), { result: 'received' });
  t.same((await report(inbound)).json(), { result: 'duplicate' });
  const rows = await web.db.prisma.smsMessage.findMany({ where: { providerId: 'in-1' } });
  t.equal(rows.length, 1);
  t.match(rows[0], { direction: 'inbound', status: 'received', partner: '256712345678', userId: agent.id, content: 'Thanks, see you!' });
});

t.test('reports beyond the rate limit are refused with 429', async (t) => {
  const limited = await buildTestWebApp(t, { config: { smsWebhookToken: TOKEN, smsWebhookRatePerSecond: 3 } });
  const codes: number[] = [];
  for (let i = 0; i < 10; i += 1) {
    codes.push((await limited.app.inject({ method: 'POST', url: `/webhooks/sms/${TOKEN}`, payload: { id: `r-${i}`, status: 'sent' } })).statusCode);
  }
  t.same(codes.slice(0, 3), [200, 200, 200]);
  t.ok(codes.includes(429), `refused over the limit: ${codes.join(' ')}`);
});
