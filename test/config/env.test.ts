import t from 'tap';
import { ConfigError, loadConfig } from '../../src/config/env.js';

t.test('defaults bind to loopback and the local MariaDB/Redis', async (t) => {
  t.match(loadConfig({}), {
    databaseUrl: 'mysql://root@127.0.0.1:3306/mayday',
    redisUrl: 'redis://127.0.0.1:6379',
    agiHost: '127.0.0.1',
    agiPort: 4573,
    httpHost: '127.0.0.1',
    httpPort: 3002,
    logLevel: 'info',
    services: ['agi', 'http'],
    adminPassword: null,
    cookieSecure: false,
  });
});

t.test('values are read and converted', async (t) => {
  const config = loadConfig({
    DATABASE_URL: 'mariadb://mayday:s3cret@db.internal:3307/calls',
    AGI_PORT: '14573',
    MAYDAY_SERVICES: 'agi',
    COOKIE_SECURE: 'yes',
    LOG_LEVEL: 'debug',
  });
  t.match(config, { databaseUrl: 'mariadb://mayday:s3cret@db.internal:3307/calls', agiPort: 14573, services: ['agi'], cookieSecure: true, logLevel: 'debug' });
});

t.test('every problem is reported at once, with the variable name, never the secret', async (t) => {
  const attempt = () =>
    loadConfig({
      DATABASE_URL: 'postgres://user:hunter22@host/db',
      REDIS_URL: 'not a url',
      AGI_PORT: '70000',
      HTTP_PORT: 'abc',
      LOG_LEVEL: 'loud',
      MAYDAY_SERVICES: 'agi,ftp',
      ADMIN_PASSWORD: 'short',
    });
  t.throws(attempt, ConfigError);
  try {
    attempt();
  } catch (error) {
    const problems = (error as ConfigError).problems;
    t.same(problems, [
      'DATABASE_URL: expected a mysql:// or mariadb:// URL, got protocol "postgres:"',
      'REDIS_URL: not a valid URL',
      'AGI_PORT: expected a whole number from 0 to 65535, got "70000"',
      'HTTP_PORT: expected a whole number from 0 to 65535, got "abc"',
      'LOG_LEVEL: expected one of fatal, error, warn, info, debug, trace, silent, got "loud"',
      'MAYDAY_SERVICES: expected a comma-separated list of agi, http, got "agi,ftp"',
      'ADMIN_PASSWORD: must be at least 12 characters',
    ]);
    t.notMatch((error as Error).message, /hunter22/);
  }
});

t.test('the SMS provider is read from the environment, its problems named by variable', async (t) => {
  t.equal(loadConfig({}).smsProvider, null);
  const config = loadConfig({
    SMS_PROVIDER_URL: 'https://sms.provider.test/api/',
    SMS_SENDER: 'MAYDAY',
    SMS_PROVIDER_USERNAME: 'acme',
    SMS_PROVIDER_PASSWORD: 'pa55word',
    SMS_WEBHOOK_TOKEN: 'a'.repeat(32),
    SMS_PUBLIC_URL: 'https://mayday.example.test/',
  });
  t.match(config, {
    smsProvider: { baseUrl: 'https://sms.provider.test/api', sender: 'MAYDAY', auth: { kind: 'basic', username: 'acme' }, tls: 'strict' },
    smsWebhookToken: 'a'.repeat(32),
    smsPublicUrl: 'https://mayday.example.test',
  });
  const attempt = () =>
    loadConfig({ SMS_PROVIDER_URL: 'https://sms.provider.test', SMS_SENDER: 'X', SMS_PROVIDER_AUTHORIZATION: 'Bearer x', SMS_PROVIDER_USERNAME: 'u', SMS_WEBHOOK_TOKEN: 'short' });
  const error = t.throws(attempt, ConfigError) as ConfigError;
  t.same(error.problems, [
      'SMS_PROVIDER_AUTHORIZATION: cannot be combined with a username and password; use one or the other',
      'SMS_WEBHOOK_TOKEN: must be 24 to 128 characters of A-Z, a-z, 0-9, _ or -',
  ]);
  t.notMatch(error.message, /Bearer x/);
});

t.test('the IVR is off without ARI_URL; with it, user and password are required and the app name is checked', async (t) => {
  t.equal(loadConfig({}).ari, null);
  t.same(loadConfig({ ARI_URL: 'http://pbx.example.test:8088/', ARI_USERNAME: 'mayday', ARI_PASSWORD: 'pw' }).ari, {
    url: 'http://pbx.example.test:8088',
    username: 'mayday',
    password: 'pw',
    app: 'mayday',
  });
  const error = t.throws(() => loadConfig({ ARI_URL: 'ftp://pbx.example.test', ARI_APP: 'bad app' })) as unknown as ConfigError;
  t.match(error.problems, [
    'ARI_APP: expected 1 to 64 characters of A-Z, a-z, 0-9, _ or -, got "bad app"',
    'ARI_URL: expected a http:// or https:// URL, got protocol "ftp:"',
    'ARI_USERNAME: required with ARI_URL',
    'ARI_PASSWORD: required with ARI_URL',
  ]);
  t.throws(() => loadConfig({ ARI_PASSWORD: 'pw' }), /ARI_URL: required when ARI_USERNAME or ARI_PASSWORD is set/);
});
