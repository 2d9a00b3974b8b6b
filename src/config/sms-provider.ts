import { isIP } from 'node:net';

export const TLS_MODES = ['strict', 'lenient'] as const;
export type TlsMode = (typeof TLS_MODES)[number];

/** How Mayday reaches the SMS provider; from the environment, or overridden at runtime (Redis). */
export interface SmsProviderConfig {
  /** `https://sms.example.test/api`: `/send` and `/balance` are appended. */
  readonly baseUrl: string;
  /** The sender ID or number messages go out from. */
  readonly sender: string;
  readonly auth: ProviderAuth;
  /** Connect to this IP instead of resolving the host name (which still names the host for TLS SNI and the certificate check). */
  readonly hostOverride: string | null;
  /** `lenient` accepts any certificate; allowed only with a host override. */
  readonly tls: TlsMode;
  readonly timeoutMs: number;
}

export type ProviderAuth =
  | { readonly kind: 'none' }
  | { readonly kind: 'basic'; readonly username: string; readonly password: string }
  | { readonly kind: 'header'; readonly authorization: string };

/** The provider settings as text fields: env variables and the Integrations → SMS form both come as these. */
export interface ProviderFields {
  readonly baseUrl?: string | undefined;
  readonly sender?: string | undefined;
  readonly username?: string | undefined;
  readonly password?: string | undefined;
  readonly authorization?: string | undefined;
  readonly hostOverride?: string | undefined;
  readonly tls?: string | undefined;
  readonly timeoutMs?: string | undefined;
}

export const PROVIDER_FIELD_NAMES = ['baseUrl', 'sender', 'username', 'password', 'authorization', 'hostOverride', 'tls', 'timeoutMs'] as const;
export type ProviderFieldName = (typeof PROVIDER_FIELD_NAMES)[number];
/** Never shown back once saved: the page says "set". */
export const SECRET_FIELDS: readonly ProviderFieldName[] = ['password', 'authorization'];

export const DEFAULT_PROVIDER_TIMEOUT_MS = 10_000;

export type ProviderConfigResult =
  | { readonly ok: true; readonly config: SmsProviderConfig | null }
  | { readonly ok: false; readonly problems: readonly ProviderProblem[] };

export interface ProviderProblem {
  readonly field: ProviderFieldName;
  readonly message: string;
}

/** Checks the fields as a whole; no base URL at all means "no provider configured" (null). */
export function readProviderConfig(fields: ProviderFields): ProviderConfigResult {
  const value = (name: ProviderFieldName): string => (fields[name] ?? '').trim();
  const problems: ProviderProblem[] = [];
  const baseUrl = value('baseUrl').replace(/\/+$/, '');
  if (baseUrl === '') {
    const stray = PROVIDER_FIELD_NAMES.filter((name) => name !== 'tls' && name !== 'timeoutMs' && value(name) !== '');
    if (stray.length === 0) return { ok: true, config: null };
    return { ok: false, problems: [{ field: 'baseUrl', message: `is required when ${stray.join(', ')} is set` }] };
  }
  let url: URL | null = null;
  try {
    url = new URL(baseUrl);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') problems.push({ field: 'baseUrl', message: 'must be an http:// or https:// URL' });
    if (url.username !== '' || url.password !== '') problems.push({ field: 'baseUrl', message: 'must not carry credentials; use the username and password fields' });
  } catch {
    problems.push({ field: 'baseUrl', message: 'is not a valid URL' });
  }
  const sender = value('sender');
  if (sender === '') problems.push({ field: 'sender', message: 'is required (the sender ID or number)' });
  else if (sender.length > 32) problems.push({ field: 'sender', message: 'must be at most 32 characters' });

  const auth = readAuth(value('username'), value('password'), value('authorization'), problems);
  const hostOverride = value('hostOverride') === '' ? null : value('hostOverride');
  if (hostOverride !== null && isIP(hostOverride) === 0) problems.push({ field: 'hostOverride', message: 'must be an IP address' });

  const tlsText = value('tls') === '' ? 'strict' : value('tls');
  const tls = (TLS_MODES as readonly string[]).includes(tlsText) ? (tlsText as TlsMode) : null;
  if (tls === null) problems.push({ field: 'tls', message: 'must be strict or lenient' });
  if (tls === 'lenient' && hostOverride === null) problems.push({ field: 'tls', message: 'may be lenient only with a host override IP' });
  if (tls === 'lenient' && url?.protocol === 'http:') problems.push({ field: 'tls', message: 'applies to https:// URLs only' });

  const timeoutText = value('timeoutMs');
  const timeoutMs = timeoutText === '' ? DEFAULT_PROVIDER_TIMEOUT_MS : Number(timeoutText);
  if (!/^\d*$/.test(timeoutText) || timeoutMs < 100 || timeoutMs > 120_000) {
    problems.push({ field: 'timeoutMs', message: 'must be a whole number of milliseconds from 100 to 120000' });
  }
  if (problems.length > 0 || tls === null) return { ok: false, problems };
  return { ok: true, config: { baseUrl, sender, auth, hostOverride, tls, timeoutMs } };
}

function readAuth(username: string, password: string, authorization: string, problems: ProviderProblem[]): ProviderAuth {
  if (authorization !== '' && (username !== '' || password !== '')) {
    problems.push({ field: 'authorization', message: 'cannot be combined with a username and password; use one or the other' });
    return { kind: 'none' };
  }
  if (authorization !== '') return { kind: 'header', authorization };
  if (username === '' && password === '') return { kind: 'none' };
  if (username === '') problems.push({ field: 'username', message: 'is required with a password' });
  if (password === '') problems.push({ field: 'password', message: 'is required with a username' });
  if (username.includes(':')) problems.push({ field: 'username', message: 'must not contain ":" (Basic auth separates it from the password with one)' });
  return { kind: 'basic', username, password };
}

/** The environment variable of each field. */
export const PROVIDER_ENV: Readonly<Record<ProviderFieldName, string>> = {
  baseUrl: 'SMS_PROVIDER_URL',
  sender: 'SMS_SENDER',
  username: 'SMS_PROVIDER_USERNAME',
  password: 'SMS_PROVIDER_PASSWORD',
  authorization: 'SMS_PROVIDER_AUTHORIZATION',
  hostOverride: 'SMS_PROVIDER_HOST_OVERRIDE',
  tls: 'SMS_PROVIDER_TLS',
  timeoutMs: 'SMS_PROVIDER_TIMEOUT_MS',
};

export function providerFieldsFromEnv(env: Readonly<Record<string, string | undefined>>): ProviderFields {
  return Object.fromEntries(PROVIDER_FIELD_NAMES.map((name) => [name, env[PROVIDER_ENV[name]]]));
}
