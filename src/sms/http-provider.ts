import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import type { ProviderAuth, SmsProviderConfig } from '../config/sms-provider.js';
import type { BalanceOutcome, OutgoingSms, ProviderReport, SendOutcome, SmsProvider } from './provider.js';
import { parseProviderReport } from './report-parser.js';

/** Provider answers are small JSON documents; anything longer is cut off and refused. */
const MAX_RESPONSE_BYTES = 64 * 1024;
/** Kannel's level 3: final and intermediate (buffered/submitted) reports. */
const DLR_LEVEL = 3;

interface HttpAnswer {
  readonly status: number;
  readonly body: string;
}

type Exchange = { readonly ok: true; readonly answer: HttpAnswer } | { readonly ok: false; readonly reason: string };

/**
 * The common HTTP provider shape: `POST {base}/send` with JSON `{to, from, content, dlr,
 * dlr-url, dlr-level}` and `GET {base}/balance`, Basic or a ready Authorization header.
 * With a host override the connection goes to that IP while the URL's host name stays the
 * Host header, the TLS SNI and the name the certificate must carry.
 */
export class HttpSmsProvider implements SmsProvider {
  constructor(private readonly config: SmsProviderConfig) {}

  async send(message: OutgoingSms): Promise<SendOutcome> {
    const body = JSON.stringify({
      to: message.to,
      from: message.from,
      content: message.content,
      dlr: message.reportUrl === null ? 'no' : 'yes',
      'dlr-url': message.reportUrl ?? '',
      'dlr-level': DLR_LEVEL,
    });
    const exchange = await this.request('POST', '/send', body);
    if (!exchange.ok) return { kind: 'retry', reason: exchange.reason };
    const { status } = exchange.answer;
    if (status === 429 || status >= 500) return { kind: 'retry', reason: `provider answered ${status}${excerpt(exchange.answer.body)}` };
    if (status === 401 || status === 403) return { kind: 'rejected', reason: `provider refused the credentials (${status})` };
    if (status < 200 || status >= 300) return { kind: 'rejected', reason: `provider answered ${status}${excerpt(exchange.answer.body)}` };
    const providerId = messageIdOf(exchange.answer.body);
    // Accepted but unreadable: sending again could deliver twice, so it counts as sent without an id.
    return { kind: 'accepted', providerId: providerId ?? '' };
  }

  async balance(): Promise<BalanceOutcome> {
    const exchange = await this.request('GET', '/balance', null);
    if (!exchange.ok) return { kind: 'error', reason: exchange.reason };
    const { status, body } = exchange.answer;
    if (status === 401 || status === 403) return { kind: 'error', reason: `provider refused the credentials (${status})` };
    if (status < 200 || status >= 300) return { kind: 'error', reason: `provider answered ${status}${excerpt(body)}` };
    return parseBalance(body);
  }

  parseReport(fields: Readonly<Record<string, unknown>>): ProviderReport {
    return parseProviderReport(fields);
  }

  private request(method: 'GET' | 'POST', path: string, body: string | null): Promise<Exchange> {
    const { config } = this;
    const url = new URL(config.baseUrl + path);
    const headers: Record<string, string> = { accept: 'application/json' };
    const authorization = authorizationHeader(config.auth);
    if (authorization !== null) headers.authorization = authorization;
    if (body !== null) headers['content-type'] = 'application/json';
    const secure = url.protocol === 'https:';
    const options: https.RequestOptions = {
      method,
      headers,
      ...(config.hostOverride !== null && { lookup: fixedAddress(config.hostOverride) }),
      ...(secure && { rejectUnauthorized: config.tls === 'strict', servername: url.hostname }),
    };
    return new Promise<Exchange>((resolve) => {
      const deadline = setTimeout(() => {
        request.destroy(new Error(`no answer within ${config.timeoutMs} ms`));
      }, config.timeoutMs);
      const settle = (exchange: Exchange) => {
        clearTimeout(deadline);
        resolve(exchange);
      };
      const request = (secure ? https : http).request(url, options, (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_RESPONSE_BYTES) {
            response.destroy(new Error(`answer longer than ${MAX_RESPONSE_BYTES} bytes`));
            return;
          }
          chunks.push(chunk);
        });
        response.on('error', (error) => settle({ ok: false, reason: describe(error) }));
        response.on('end', () => settle({ ok: true, answer: { status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') } }));
      });
      request.on('error', (error) => settle({ ok: false, reason: describe(error) }));
      request.end(body ?? undefined);
    });
  }
}

/** A DNS lookup that always answers the override IP (net.connect asks with `all` since Node 20). */
function fixedAddress(ip: string): LookupFunction {
  const family = isIP(ip);
  return ((_hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (options.all === true) callback(null, [{ address: ip, family }]);
    else callback(null, ip, family);
  }) as LookupFunction;
}

function messageIdOf(body: string): string | null {
  const json = parseJson(body);
  if (json === null || typeof json !== 'object') return null;
  const record = json as Record<string, unknown>;
  for (const key of ['id', 'message_id', 'messageId', 'msgid']) {
    const value = record[key];
    if (typeof value === 'string' && value.trim() !== '') return value.trim().slice(0, 128);
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  }
  return null;
}

/** `{"balance": 12.5, "currency": "EUR"}`, the amount possibly as text. */
export function parseBalance(body: string): BalanceOutcome {
  const json = parseJson(body);
  if (json === null || typeof json !== 'object') return { kind: 'error', reason: `the balance answer is not a JSON object${excerpt(body)}` };
  const record = json as Record<string, unknown>;
  const raw = record.balance ?? record.credit ?? record.amount;
  const amount = typeof raw === 'number' ? raw : typeof raw === 'string' && /^-?\d+(\.\d+)?$/.test(raw.trim()) ? Number(raw) : Number.NaN;
  if (!Number.isFinite(amount)) return { kind: 'error', reason: `the balance answer has no numeric balance${excerpt(body)}` };
  const currency = typeof record.currency === 'string' && record.currency.trim() !== '' ? record.currency.trim().slice(0, 8) : null;
  return { kind: 'balance', amount, currency };
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return null;
  }
}

function excerpt(body: string): string {
  const line = body.replace(/\s+/g, ' ').trim();
  if (line === '') return '';
  return `: ${line.length > 120 ? `${line.slice(0, 117)}...` : line}`;
}

function describe(error: Error): string {
  const code = (error as NodeJS.ErrnoException).code;
  return code === undefined ? error.message : `${code}: ${error.message}`;
}

/** The Authorization header value, if any. */
export function authorizationHeader(auth: ProviderAuth): string | null {
  switch (auth.kind) {
    case 'none':
      return null;
    case 'basic':
      return `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;
    case 'header':
      return auth.authorization;
  }
}
