import t from 'tap';
import { HttpSmsProvider } from '../../src/sms/http-provider.js';
import { readProviderConfig, type ProviderFields, type SmsProviderConfig } from '../../src/config/sms-provider.js';
import { PROVIDER_HOST, startProviderPeer } from '../support/sms-provider-peer.js';

const peer = await startProviderPeer();
const tlsPeer = await startProviderPeer({ tls: true });
t.teardown(() => Promise.all([peer.close(), tlsPeer.close()]));

function configOf(fields: ProviderFields): SmsProviderConfig {
  const result = readProviderConfig(fields);
  if (!result.ok || result.config === null) throw new Error(`bad test config: ${JSON.stringify(result)}`);
  return result.config;
}

const MESSAGE = { to: '256712345678', from: 'MAYDAY', content: 'Your order is ready', reportUrl: 'http://127.0.0.1:3002/webhooks/sms/t0k3n' };

t.test('send posts the common JSON shape with Basic auth and returns the provider id', async (t) => {
  const provider = new HttpSmsProvider(configOf({ baseUrl: `${peer.baseUrl}/`, sender: 'MAYDAY', username: 'acme', password: 'pa55word' }));
  const before = peer.requests.length;
  const outcome = await provider.send(MESSAGE);
  t.match(outcome, { kind: 'accepted', providerId: /^msg-\d+$/ });
  const request = peer.requests[before]!;
  t.equal(request.method, 'POST');
  t.equal(request.path, '/send');
  t.equal(request.headers.authorization, `Basic ${Buffer.from('acme:pa55word').toString('base64')}`);
  t.equal(request.headers['content-type'], 'application/json');
  t.same(JSON.parse(request.body), {
    to: '256712345678',
    from: 'MAYDAY',
    content: 'Your order is ready',
    dlr: 'yes',
    'dlr-url': MESSAGE.reportUrl,
    'dlr-level': 3,
  });
});

t.test('a ready Authorization value is sent as it is', async (t) => {
  const provider = new HttpSmsProvider(configOf({ baseUrl: peer.baseUrl, sender: 'MAYDAY', authorization: 'Bearer k-123' }));
  peer.expectedAuthorization = 'Bearer k-123';
  t.teardown(() => void (peer.expectedAuthorization = null));
  t.match(await provider.send(MESSAGE), { kind: 'accepted' });
  t.equal(peer.requests.at(-1)!.headers.authorization, 'Bearer k-123');
});

t.test('wrong credentials are a rejection, not a retry', async (t) => {
  peer.expectedAuthorization = 'Bearer right';
  t.teardown(() => void (peer.expectedAuthorization = null));
  const provider = new HttpSmsProvider(configOf({ baseUrl: peer.baseUrl, sender: 'MAYDAY', authorization: 'Bearer wrong' }));
  t.same(await provider.send(MESSAGE), { kind: 'rejected', reason: 'provider refused the credentials (401)' });
  t.same(await provider.balance(), { kind: 'error', reason: 'provider refused the credentials (401)' });
});

t.test('5xx and 429 are retried; other 4xx are rejected with what the provider said', async (t) => {
  const provider = new HttpSmsProvider(configOf({ baseUrl: peer.baseUrl, sender: 'MAYDAY' }));
  peer.queue({ status: 503, body: { error: 'maintenance' } }, { status: 429, body: 'slow down' }, { status: 400, body: { error: 'invalid number' } });
  t.same(await provider.send(MESSAGE), { kind: 'retry', reason: 'provider answered 503: {"error":"maintenance"}' });
  t.same(await provider.send(MESSAGE), { kind: 'retry', reason: 'provider answered 429: slow down' });
  t.same(await provider.send(MESSAGE), { kind: 'rejected', reason: 'provider answered 400: {"error":"invalid number"}' });
});

t.test('a provider that never answers is a retry after the timeout', async (t) => {
  const provider = new HttpSmsProvider(configOf({ baseUrl: peer.baseUrl, sender: 'MAYDAY', timeoutMs: '200' }));
  peer.queue({ hang: true });
  t.same(await provider.send(MESSAGE), { kind: 'retry', reason: 'no answer within 200 ms' });
});

t.test('a refused connection is a retry naming the error', async (t) => {
  const closed = await startProviderPeer();
  await closed.close();
  const provider = new HttpSmsProvider(configOf({ baseUrl: closed.baseUrl, sender: 'MAYDAY' }));
  t.match(await provider.send(MESSAGE), { kind: 'retry', reason: /^ECONNREFUSED/ });
});

t.test('balance: parsed from the provider answer, parse errors reported', async (t) => {
  const provider = new HttpSmsProvider(configOf({ baseUrl: peer.baseUrl, sender: 'MAYDAY' }));
  t.same(await provider.balance(), { kind: 'balance', amount: 42.5, currency: 'EUR' });
  peer.queue({ status: 200, body: { balance: '17.25' } }, { status: 200, body: '<html>oops</html>' }, { status: 200, body: { balance: 'lots' } }, { status: 500, body: 'down' });
  t.same(await provider.balance(), { kind: 'balance', amount: 17.25, currency: null });
  t.same(await provider.balance(), { kind: 'error', reason: 'the balance answer is not a JSON object: <html>oops</html>' });
  t.same(await provider.balance(), { kind: 'error', reason: 'the balance answer has no numeric balance: {"balance":"lots"}' });
  t.same(await provider.balance(), { kind: 'error', reason: 'provider answered 500: down' });
  t.equal(peer.requests.at(-1)!.method, 'GET');
  t.equal(peer.requests.at(-1)!.path, '/balance');
});

t.test('host override: the connection goes to the IP, the host name stays in Host and SNI', async (t) => {
  const provider = new HttpSmsProvider(configOf({ baseUrl: tlsPeer.baseUrl, sender: 'MAYDAY', hostOverride: '127.0.0.1', tls: 'lenient' }));
  t.match(await provider.send(MESSAGE), { kind: 'accepted' });
  const request = tlsPeer.requests.at(-1)!;
  t.equal(request.servername, PROVIDER_HOST);
  t.equal(request.headers.host, `${PROVIDER_HOST}:${tlsPeer.port}`);
});

t.test('strict TLS checks the certificate for the configured host name, override or not', async (t) => {
  const provider = new HttpSmsProvider(configOf({ baseUrl: tlsPeer.baseUrl, sender: 'MAYDAY', hostOverride: '127.0.0.1' }));
  const before = tlsPeer.requests.length;
  t.match(await provider.send(MESSAGE), { kind: 'retry', reason: /SELF_SIGNED|self-signed/i });
  t.equal(tlsPeer.requests.length, before, 'nothing reached the provider over an unverified connection');
});

t.test('configuration: one of username/password or Authorization; lenient TLS only with an override', async (t) => {
  const base = { baseUrl: 'https://sms.provider.test/api', sender: 'MAYDAY' };
  t.match(readProviderConfig({ ...base, username: 'a', password: 'b', authorization: 'Bearer x' }), {
    ok: false,
    problems: [{ field: 'authorization', message: /one or the other/ }],
  });
  t.match(readProviderConfig({ ...base, tls: 'lenient' }), { ok: false, problems: [{ field: 'tls', message: /only with a host override/ }] });
  t.match(readProviderConfig({ ...base, hostOverride: 'not-an-ip' }), { ok: false, problems: [{ field: 'hostOverride' }] });
  t.match(readProviderConfig({ ...base, username: 'a' }), { ok: false, problems: [{ field: 'password' }] });
  t.match(readProviderConfig({ baseUrl: 'https://u:p@sms.provider.test', sender: 'X' }), { ok: false, problems: [{ field: 'baseUrl' }] });
  t.match(readProviderConfig({ sender: 'MAYDAY' }), { ok: false, problems: [{ field: 'baseUrl', message: /required when sender/ }] });
  t.same(readProviderConfig({}), { ok: true, config: null });
  t.match(readProviderConfig({ ...base, hostOverride: '192.0.2.10', tls: 'lenient', timeoutMs: '2500' }), {
    ok: true,
    config: { baseUrl: 'https://sms.provider.test/api', hostOverride: '192.0.2.10', tls: 'lenient', timeoutMs: 2500, auth: { kind: 'none' } },
  });
});
