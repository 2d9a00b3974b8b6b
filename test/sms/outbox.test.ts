import t from 'tap';
import { createPrismaClient } from '../../src/data/prisma.js';
import { HttpSmsProvider } from '../../src/sms/http-provider.js';
import { SmsMessageRepository } from '../../src/sms/message-repository.js';
import { SmsOutbox, type OutboxOptions } from '../../src/sms/outbox.js';
import type { SmsProvider } from '../../src/sms/provider.js';
import { readProviderConfig } from '../../src/config/sms-provider.js';
import { createTestDatabase } from '../support/database.js';
import { silentLogger } from '../support/logger.js';
import { startProviderPeer } from '../support/sms-provider-peer.js';
import { TcpProxy } from '../support/tcp-proxy.js';
import { waitFor } from '../support/wait.js';

const db = await createTestDatabase(t);
const repository = new SmsMessageRepository(db.prisma);
const peer = await startProviderPeer();
t.teardown(() => peer.close());

function providerFor(baseUrl: string, timeoutMs = 2000) {
  const result = readProviderConfig({ baseUrl, sender: 'MAYDAY', timeoutMs: String(timeoutMs) });
  if (!result.ok || result.config === null) throw new Error('bad test provider config');
  return new HttpSmsProvider(result.config);
}
const provider = providerFor(peer.baseUrl);

function outbox(t: { teardown(fn: () => unknown): void }, options: Partial<OutboxOptions> = {}): SmsOutbox {
  const box = new SmsOutbox({
    repository,
    provider: () => provider,
    reportUrl: () => 'http://127.0.0.1:3002/webhooks/sms/test-token-for-reports-0001',
    log: silentLogger(),
    pollMs: 20,
    backoffBaseMs: 10,
    backoffMaxMs: 40,
    ...options,
  });
  t.teardown(() => box.stop());
  return box;
}

async function statusOf(id: number) {
  return (await repository.findById(id))!;
}

const settled = (id: number) => async () => {
  const message = await statusOf(id);
  return message.status === 'queued' ? null : message;
};

const enqueue = (content: string, recipient = '256712345678') => repository.enqueue({ sender: 'MAYDAY', recipient, content, userId: null });

function sendsOf(content: string) {
  return peer.sent().filter((sent) => sent.content === content);
}

t.test('a queued message is sent once and marked sent with the provider id', async (t) => {
  const message = await enqueue('hello once');
  t.equal(message.status, 'queued', 'persisted before any send');
  outbox(t).start();
  const done = await waitFor(settled(message.id), 'the message to be sent');
  t.match(done, { status: 'sent', providerId: /^msg-\d+$/, attempts: 1, error: null });
  t.same(sendsOf('hello once'), [{ to: '256712345678', from: 'MAYDAY', content: 'hello once', dlr: 'yes', 'dlr-url': 'http://127.0.0.1:3002/webhooks/sms/test-token-for-reports-0001', 'dlr-level': 3 }]);
});

t.test('provider errors are retried with backoff until accepted', async (t) => {
  peer.queue({ status: 500, body: 'boom' }, { status: 503, body: 'busy' });
  const message = await enqueue('retry me');
  outbox(t).start();
  const done = await waitFor(settled(message.id), 'the message to be sent after retries');
  t.match(done, { status: 'sent', attempts: 3 });
  t.equal(sendsOf('retry me').length, 1);
  t.equal(peer.requests.filter((request) => request.body.includes('retry me')).length, 3, 'three requests reached the provider');
});

t.test('a provider that keeps timing out fails the message after the last attempt', async (t) => {
  const slow = providerFor(peer.baseUrl, 100);
  peer.queue({ hang: true }, { hang: true });
  const message = await enqueue('never answered');
  outbox(t, { provider: () => slow, maxAttempts: 2 }).start();
  const done = await waitFor(settled(message.id), 'the message to fail');
  t.match(done, { status: 'failed', attempts: 2, error: 'gave up after 2 attempts: no answer within 100 ms' });
});

t.test('a refusal (wrong credentials) fails the message without retrying', async (t) => {
  peer.expectedAuthorization = 'Basic something-else';
  t.teardown(() => void (peer.expectedAuthorization = null));
  const message = await enqueue('bad credentials');
  outbox(t).start();
  t.match(await waitFor(settled(message.id), 'the message to fail'), { status: 'failed', attempts: 1, error: 'provider refused the credentials (401)' });
});

t.test('without a provider configured, messages wait in the queue', async (t) => {
  const message = await enqueue('waiting for a provider');
  let configured: HttpSmsProvider | null = null;
  const box = outbox(t, { provider: () => configured });
  box.start();
  await box.stop();
  t.equal((await statusOf(message.id)).status, 'queued');
  configured = provider;
  box.start();
  t.match(await waitFor(settled(message.id), 'the message to be sent once configured'), { status: 'sent' });
});

t.test('two outboxes on the same database send every message exactly once', async (t) => {
  const contents = Array.from({ length: 60 }, (_, index) => `concurrent ${index}`);
  const messages: { id: number }[] = [];
  for (const content of contents) messages.push(await enqueue(content));
  // Each instance's own Prisma client, as two Mayday processes would have.
  const other = createPrismaClient(db.url, 5);
  t.teardown(() => other.$disconnect());
  const sentBy = { a: 0, b: 0 };
  const counting = (name: keyof typeof sentBy): SmsProvider => ({
    send: (message) => {
      sentBy[name] += 1;
      return provider.send(message);
    },
    balance: () => provider.balance(),
    parseReport: (fields) => provider.parseReport(fields),
  });
  const viaA = counting('a');
  const viaB = counting('b');
  const a = outbox(t, { batchSize: 7, provider: () => viaA });
  const b = outbox(t, { batchSize: 7, repository: new SmsMessageRepository(other), provider: () => viaB });
  a.start();
  b.start();
  await waitFor(async () => (await db.prisma.smsMessage.count({ where: { id: { in: messages.map((m) => m.id) }, status: 'queued' } })) === 0, 'all sent', 20_000);
  for (const content of contents) t.equal(sendsOf(content).length, 1, `${content} sent once`);
  t.ok(sentBy.a > 0 && sentBy.b > 0, `both instances sent (${sentBy.a} and ${sentBy.b})`);
  t.equal(sentBy.a + sentBy.b, contents.length, 'no message was sent by both');
  t.equal(await db.prisma.smsMessage.count({ where: { id: { in: messages.map((m) => m.id) }, status: 'sent', attempts: 1 } }), contents.length);
});

t.test('a restart resumes: messages persisted or claimed by a dead instance are sent once', async (t) => {
  const persisted = await enqueue('persisted before the crash');
  const claimed = await enqueue('claimed before the crash');
  // The dead instance claimed it with a short lease and never asked the provider.
  const [lost] = await repository.claim('dead-instance:1', 1, 50);
  t.equal(lost?.id, persisted.id, 'the oldest queued message was claimed first');
  outbox(t).start();
  t.match(await waitFor(settled(persisted.id), 'the claimed message after its lease'), { status: 'sent', attempts: 1 });
  t.match(await waitFor(settled(claimed.id), 'the queued message'), { status: 'sent', attempts: 1 });
  t.equal(sendsOf('persisted before the crash').length, 1);
  t.equal(sendsOf('claimed before the crash').length, 1);
});

t.test('a crash while the provider was being asked: failed as unknown, never sent twice', async (t) => {
  const message = await enqueue('in flight at the crash');
  const [claim] = await repository.claim('dead-instance:2', 1, 50);
  t.ok(claim && (await repository.startSending(claim)), 'the dead instance started sending');
  outbox(t).start();
  const done = await waitFor(settled(message.id), 'the in-flight message to be settled');
  t.match(done, { status: 'failed', error: /^outcome unknown/ });
  t.equal(sendsOf('in flight at the crash').length, 0, 'not resent');
});

t.test('MariaDB away when the provider answers: the outcome is written once it is back', async (t) => {
  const proxy = await TcpProxy.forDatabase();
  t.teardown(() => proxy.close());
  const viaProxy = createPrismaClient(proxy.via(db.url), 2);
  t.teardown(() => viaProxy.$disconnect());
  const message = await enqueue('database away mid-send');
  let cut = false;
  peer.beforeAnswer = async (request) => {
    if (!request.body.includes('database away mid-send') || cut) return;
    cut = true;
    proxy.cut();
    setTimeout(() => proxy.restore(), 300);
  };
  t.teardown(() => void (peer.beforeAnswer = null));
  outbox(t, { repository: new SmsMessageRepository(viaProxy), writeRetryMs: 50 }).start();
  t.match(await waitFor(settled(message.id), 'the outcome to be written after the outage', 15_000), { status: 'sent', attempts: 1 });
  t.ok(cut, 'the database went away mid-send');
  t.equal(sendsOf('database away mid-send').length, 1);
});
