import t from 'tap';
import { readProviderConfig } from '../../src/config/sms-provider.js';
import { startProviderPeer } from '../support/sms-provider-peer.js';
import { waitFor } from '../support/wait.js';
import { buildTestWebApp, seedRouting } from '../support/web.js';

const peer = await startProviderPeer();
t.teardown(() => peer.close());
const provider = readProviderConfig({ baseUrl: peer.baseUrl, sender: 'MAYDAY' });
if (!provider.ok) throw new Error('bad provider config');

const web = await buildTestWebApp(t, { config: { smsProvider: provider.config } });
await seedRouting(web.db.prisma);
await web.deps.snapshots.refresh();
await web.createUser('agent1009', 'agent', '1009');
await web.createUser('agent1010', 'agent', '1010');
await web.createUser('boss', 'manager');
await web.deps.sms.start();
const agent = await web.login('agent1009');
const other = await web.login('agent1010');
const manager = await web.login('boss');

const statusOf = async (content: string) => (await web.db.prisma.smsMessage.findFirst({ where: { content } }))?.status;

t.test('a plain form send queues the message in the normalised number and lands on its thread', async (t) => {
  const response = await agent.post('/sms/send', { to: '0712 345 678', content: 'Hello from the form' });
  t.equal(response.statusCode, 303);
  t.equal(response.headers.location, '/sms/threads/256712345678');
  await waitFor(async () => ((await statusOf('Hello from the form')) === 'sent' ? true : null), 'the message to be sent');
  t.match(peer.sent().at(-1), { to: '256712345678', from: 'MAYDAY', content: 'Hello from the form' });
  const thread = await agent.get('/sms/threads/256712345678');
  t.equal(thread.statusCode, 200);
  t.match(thread.body, /Hello from the form/);
  t.match(thread.body, /data-status="sent"/);
  t.match(thread.body, /id="sms-send"/, 'the full page carries the send box');
});

t.test('htmx: the send box comes back empty with sms-sent; the thread partial alone refreshes', async (t) => {
  const response = await agent.post('/sms/send', { to: '256712345678', content: 'Sent with htmx' }, { htmx: true });
  t.equal(response.statusCode, 200);
  t.equal(response.headers['hx-trigger'], 'sms-sent');
  t.match(response.body, /<form id="sms-send"/);
  t.notMatch(response.body, /Sent with htmx/, 'the text box is emptied');
  const partial = await agent.get('/sms/threads/256712345678', { htmx: true });
  t.match(partial.headers.vary, /HX-Request/);
  t.match(partial.body, /^<section id="sms-messages"/);
  t.notMatch(partial.body, /<html/);
  t.match(partial.body, /Sent with htmx/);
});

t.test('refusals keep what was typed and say why, with and without htmx', async (t) => {
  const badNumber = await agent.post('/sms/send', { to: '12', content: 'keep <me>' });
  t.equal(badNumber.statusCode, 422);
  t.match(badNumber.body, /To must be a full phone number/);
  t.match(badNumber.body, /keep &lt;me&gt;/, 'the text is kept, escaped');
  const empty = await agent.post('/sms/send', { to: '256712345678', content: '   ' }, { htmx: true });
  t.equal(empty.statusCode, 422);
  t.match(empty.body, /Message is empty/);
  const tooLong = await agent.post('/sms/send', { to: '256712345678', content: '€'.repeat(800) }, { htmx: true });
  t.equal(tooLong.statusCode, 422);
  t.match(tooLong.body, /takes 11 parts; at most 10/);
  t.equal(await web.db.prisma.smsMessage.count({ where: { content: { in: ['keep <me>', '   '] } } }), 0);
});

t.test('the parts counter: GSM-7 and UCS-2, from the same count the server uses', async (t) => {
  const gsm = await agent.get(`/sms/segments?content=${encodeURIComponent('a'.repeat(161))}`, { htmx: true });
  t.match(gsm.body, /161 characters · GSM-7 · 2 parts · 145 left/);
  const ucs = await agent.get(`/sms/segments?content=${encodeURIComponent('Привет')}`, { htmx: true });
  t.match(ucs.body, /6 units · UCS-2 · 1 part · 64 left/);
});

t.test('agents see their own threads; managers see every thread', async (t) => {
  await other.post('/sms/send', { to: '0772000001', content: 'Only 1010 wrote this' });
  const mine = await agent.get('/sms');
  t.match(mine.body, /\+256712345678/);
  t.notMatch(mine.body, /256772000001/);
  const theirs = await agent.get('/sms/threads/256772000001');
  t.notMatch(theirs.body, /Only 1010 wrote this/, 'an agent opening another agent’s thread sees none of it');
  const all = await manager.get('/sms');
  t.match(all.body, /\+256712345678/);
  t.match(all.body, /\+256772000001/);
  t.match((await manager.get('/sms/threads/256772000001')).body, /Only 1010 wrote this/);
});

t.test('a thread URL that is not a number is a 404; a forged send is refused', async (t) => {
  t.equal((await agent.get('/sms/threads/not-a-number')).statusCode, 404);
  const forged = await web.app.inject({ method: 'POST', url: '/sms/send', headers: { cookie: agent.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: 'to=0712345678&content=x' });
  t.equal(forged.statusCode, 403);
});
