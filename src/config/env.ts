import { PROVIDER_ENV, providerFieldsFromEnv, readProviderConfig, type SmsProviderConfig } from './sms-provider.js';
import { DEFAULT_DATABASE_URL, DEFAULT_REDIS_URL } from './defaults.js';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const SERVICES = ['agi', 'http'] as const;
export type Service = (typeof SERVICES)[number];

export interface AppConfig {
  readonly databaseUrl: string;
  readonly redisUrl: string;
  readonly agiHost: string;
  readonly agiPort: number;
  readonly httpHost: string;
  readonly httpPort: number;
  readonly logLevel: LogLevel;
  /** Which listeners this instance runs (all by default). */
  readonly services: readonly Service[];
  readonly agiCommandTimeoutMs: number;
  /** The periodic config-version check that covers a lost pub/sub message. */
  readonly configPollMs: number;
  readonly decisionLogBufferRows: number;
  readonly decisionLogFlushMs: number;
  /** Decision-log rows older than this many days are purged (in batches, hourly); 0 keeps them all. */
  readonly decisionLogRetentionDays: number;
  readonly shutdownDrainMs: number;
  /** Dashboard: a first admin's password instead of a generated one. */
  readonly adminPassword: string | null;
  /** Dashboard: mark cookies Secure (set when served behind TLS). */
  readonly cookieSecure: boolean;
  readonly sessionIdleMinutes: number;
  /** The SMS provider from the environment (a runtime configuration in Redis overrides it); null: none. */
  readonly smsProvider: SmsProviderConfig | null;
  /** The secret in the delivery-report webhook's URL (`/webhooks/sms/<token>`); null: the webhook refuses every report. */
  readonly smsWebhookToken: string | null;
  /** How the provider reaches this dashboard, for the dlr-url (`https://mayday.example.test`); null: no reports asked for. */
  readonly smsPublicUrl: string | null;
  /** Delivery reports accepted per second from one address, per instance. */
  readonly smsWebhookRatePerSecond: number;
  /** The IVR's ARI connection; null: ARI_URL unset, the IVR is off on this instance. */
  readonly ari: AriConfig | null;
  /** IVR path rows kept in memory while MariaDB is away. */
  readonly ivrPathBufferRows: number;
  /** The live floor's AMI account; null: this instance never holds the AMI connection. */
  readonly ami: { readonly host: string; readonly port: number; readonly username: string; readonly secret: string } | null;
  /** The AMI lease's expiry: a dead holder is replaced within about this long. */
  readonly liveLeaseTtlMs: number;
  /** An agent's phone as a dial interface, `{extension}` replaced: `PJSIP/{extension}`. */
  readonly liveAgentInterface: string;
  /** Where a click-to-call continues once the agent's phone answers (the outbound decision's context). */
  readonly liveOutboundContext: string;
  /** How long the agent's phone may ring for a click-to-call. */
  readonly liveRingTimeoutMs: number;
  /** How often an open Live page socket checks that its session still exists (closed after a sign-out or expiry). */
  readonly liveSocketSessionCheckMs: number;
}

export interface AriConfig {
  /** Asterisk's HTTP server, `http://pbx.example.test:8088` (ari-client adds `/ari`). */
  readonly url: string;
  readonly username: string;
  readonly password: string;
  /** The Stasis application name; the dialplan's MAYDAY_ARI_APP must say the same. */
  readonly app: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

/** Reads and validates the environment once; every problem is reported, not just the first. */
export function loadConfig(env: Env = process.env): AppConfig {
  const problems: string[] = [];
  const reader = new EnvReader(env, problems);
  const config: AppConfig = {
    databaseUrl: reader.url('DATABASE_URL', DEFAULT_DATABASE_URL, ['mysql:', 'mariadb:']),
    redisUrl: reader.url('REDIS_URL', DEFAULT_REDIS_URL, ['redis:', 'rediss:']),
    agiHost: reader.text('AGI_HOST', '127.0.0.1'),
    agiPort: reader.integer('AGI_PORT', 4573, 0, 65535),
    httpHost: reader.text('HTTP_HOST', '127.0.0.1'),
    httpPort: reader.integer('HTTP_PORT', 3002, 0, 65535),
    logLevel: reader.oneOf('LOG_LEVEL', 'info', LOG_LEVELS),
    services: reader.list('MAYDAY_SERVICES', SERVICES, SERVICES),
    agiCommandTimeoutMs: reader.integer('AGI_COMMAND_TIMEOUT_MS', 5000, 100, 600_000),
    configPollMs: reader.integer('CONFIG_POLL_MS', 2000, 50, 600_000),
    decisionLogBufferRows: reader.integer('DECISION_LOG_BUFFER_ROWS', 100_000, 100, 10_000_000),
    decisionLogFlushMs: reader.integer('DECISION_LOG_FLUSH_MS', 200, 10, 60_000),
    decisionLogRetentionDays: reader.integer('DECISION_LOG_RETENTION_DAYS', 90, 0, 36_500),
    shutdownDrainMs: reader.integer('SHUTDOWN_DRAIN_MS', 10_000, 0, 600_000),
    adminPassword: reader.optionalText('ADMIN_PASSWORD'),
    cookieSecure: reader.boolean('COOKIE_SECURE', false),
    sessionIdleMinutes: reader.integer('SESSION_IDLE_MINUTES', 30, 1, 24 * 60),
    smsProvider: smsProviderFromEnv(env, problems),
    smsWebhookToken: reader.optionalText('SMS_WEBHOOK_TOKEN'),
    smsPublicUrl: reader.optionalText('SMS_PUBLIC_URL')?.replace(/\/+$/, '') ?? null,
    smsWebhookRatePerSecond: reader.integer('SMS_WEBHOOK_RATE_PER_SECOND', 200, 1, 100_000),
    ari: ariFromEnv(reader, problems),
    ivrPathBufferRows: reader.integer('IVR_PATH_BUFFER_ROWS', 20_000, 100, 10_000_000),
    ami: amiFromEnv(reader, problems),
    liveLeaseTtlMs: reader.integer('LIVE_LEASE_TTL_MS', 5000, 1000, 60_000),
    liveAgentInterface: reader.text('LIVE_AGENT_INTERFACE', 'PJSIP/{extension}'),
    liveOutboundContext: reader.text('LIVE_OUTBOUND_CONTEXT', 'mayday-outbound'),
    liveRingTimeoutMs: reader.integer('LIVE_RING_TIMEOUT_MS', 25_000, 1000, 120_000),
    liveSocketSessionCheckMs: reader.integer('LIVE_SOCKET_SESSION_CHECK_MS', 15_000, 100, 600_000),
  };
  if (!config.liveAgentInterface.includes('{extension}') || /[\s,]/.test(config.liveAgentInterface)) {
    problems.push('LIVE_AGENT_INTERFACE: must contain {extension} and no spaces or commas, e.g. PJSIP/{extension}');
  }
  if (!/^[A-Za-z0-9_.-]+$/.test(config.liveOutboundContext)) {
    problems.push('LIVE_OUTBOUND_CONTEXT: expected a dialplan context name (letters, digits, _ . -)');
  }
  if (config.smsWebhookToken !== null && !/^[A-Za-z0-9_-]{24,128}$/.test(config.smsWebhookToken)) {
    problems.push('SMS_WEBHOOK_TOKEN: must be 24 to 128 characters of A-Z, a-z, 0-9, _ or -');
  }
  if (config.smsPublicUrl !== null && !/^https?:\/\/[^/]+/.test(config.smsPublicUrl)) {
    problems.push('SMS_PUBLIC_URL: expected an http:// or https:// URL');
  }
  if (config.adminPassword !== null && config.adminPassword.length < 12) {
    problems.push('ADMIN_PASSWORD: must be at least 12 characters');
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

function ariFromEnv(reader: EnvReader, problems: string[]): AriConfig | null {
  const url = reader.optionalText('ARI_URL');
  const username = reader.optionalText('ARI_USERNAME');
  const password = reader.optionalText('ARI_PASSWORD');
  const app = reader.text('ARI_APP', 'mayday');
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(app)) problems.push(`ARI_APP: expected 1 to 64 characters of A-Z, a-z, 0-9, _ or -, got "${app}"`);
  if (url === null) {
    if (username !== null || password !== null) problems.push('ARI_URL: required when ARI_USERNAME or ARI_PASSWORD is set');
    return null;
  }
  reader.url('ARI_URL', url, ['http:', 'https:']);
  if (username === null) problems.push('ARI_USERNAME: required with ARI_URL');
  if (password === null) problems.push('ARI_PASSWORD: required with ARI_URL');
  return { url: url.replace(/\/+$/, ''), username: username ?? '', password: password ?? '', app };
}

function smsProviderFromEnv(env: Env, problems: string[]): SmsProviderConfig | null {
  const result = readProviderConfig(providerFieldsFromEnv(env));
  if (result.ok) return result.config;
  for (const problem of result.problems) problems.push(`${PROVIDER_ENV[problem.field]}: ${problem.message}`);
  return null;
}

/** AMI_USERNAME turns the live floor's AMI connection on; it then needs AMI_SECRET. */
function amiFromEnv(reader: EnvReader, problems: string[]): AppConfig['ami'] {
  const host = reader.text('AMI_HOST', '127.0.0.1');
  const port = reader.integer('AMI_PORT', 5038, 1, 65535);
  const username = reader.optionalText('AMI_USERNAME');
  const secret = reader.optionalText('AMI_SECRET');
  if (username === null) {
    if (secret !== null) problems.push('AMI_SECRET: set without AMI_USERNAME');
    return null;
  }
  if (secret === null) {
    problems.push('AMI_SECRET: required when AMI_USERNAME is set');
    return null;
  }
  if (/[\r\n]/.test(username + secret)) problems.push('AMI_USERNAME/AMI_SECRET: may not contain line breaks');
  return { host, port, username, secret };
}

class EnvReader {
  constructor(
    private readonly env: Env,
    private readonly problems: string[],
  ) {}

  private raw(name: string): string | undefined {
    const value = this.env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  }

  text(name: string, fallback: string): string {
    return this.raw(name) ?? fallback;
  }

  optionalText(name: string): string | null {
    return this.raw(name) ?? null;
  }

  integer(name: string, fallback: number, min: number, max: number): number {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const parsed = Number(value);
    if (!/^\d+$/.test(value) || parsed < min || parsed > max) {
      this.problems.push(`${name}: expected a whole number from ${min} to ${max}, got "${value}"`);
      return fallback;
    }
    return parsed;
  }

  boolean(name: string, fallback: boolean): boolean {
    const value = this.raw(name)?.toLowerCase();
    if (value === undefined) return fallback;
    if (['1', 'true', 'yes', 'on'].includes(value)) return true;
    if (['0', 'false', 'no', 'off'].includes(value)) return false;
    this.problems.push(`${name}: expected true or false, got "${value}"`);
    return fallback;
  }

  oneOf<T extends string>(name: string, fallback: T, allowed: readonly T[]): T {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    if ((allowed as readonly string[]).includes(value)) return value as T;
    this.problems.push(`${name}: expected one of ${allowed.join(', ')}, got "${value}"`);
    return fallback;
  }

  list<T extends string>(name: string, fallback: readonly T[], allowed: readonly T[]): readonly T[] {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const items = value.split(',').map((item) => item.trim()).filter((item) => item !== '');
    const unknown = items.filter((item) => !(allowed as readonly string[]).includes(item));
    if (items.length === 0 || unknown.length > 0) {
      this.problems.push(`${name}: expected a comma-separated list of ${allowed.join(', ')}, got "${value}"`);
      return fallback;
    }
    return items as T[];
  }

  url(name: string, fallback: string, protocols: readonly string[]): string {
    const value = this.raw(name) ?? fallback;
    try {
      const url = new URL(value);
      if (!protocols.includes(url.protocol)) {
        this.problems.push(`${name}: expected a ${protocols.map((p) => `${p}//`).join(' or ')} URL, got protocol "${url.protocol}"`);
      }
    } catch {
      this.problems.push(`${name}: not a valid URL`);
    }
    return value;
  }
}
