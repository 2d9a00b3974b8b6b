import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';

/** The fictional provider host name tests use; it never resolves, so the host override is what reaches the peer. */
export const PROVIDER_HOST = 'sms.provider.test';

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
  /** The TLS SNI the client sent (https only). */
  readonly servername: string | null;
}

/** How the peer answers one request; `hang` never answers (the client must time out). */
export type PeerAnswer = { status: number; body: unknown } | { hang: true };

export interface ProviderPeer {
  /** `http://127.0.0.1:port` or `https://sms.provider.test:port` (for https, reach it with the host override 127.0.0.1). */
  readonly baseUrl: string;
  readonly port: number;
  readonly requests: RecordedRequest[];
  /** Answers for the next requests, in order; after them the default answers apply. */
  queue(...answers: PeerAnswer[]): void;
  /** Sends accepted so far, in order (the peer answers 400 to a body that is not JSON). */
  sent(): { to: string; from: string; content: string; 'dlr-url': string }[];
  balance: unknown;
  /** Credentials the peer accepts (the whole Authorization value), or null for any. */
  expectedAuthorization: string | null;
  /** Runs before each answer is written (e.g. to take MariaDB away while a send is in flight). */
  beforeAnswer: ((request: RecordedRequest) => Promise<void>) | null;
  close(): Promise<void>;
}

/**
 * A local SMS provider of the common shape (`POST /send`, `GET /balance`), HTTP or HTTPS
 * with a self-signed certificate for PROVIDER_HOST made by openssl at start (the key lives
 * in a temporary directory removed at once).
 */
export async function startProviderPeer(options: { tls?: boolean } = {}): Promise<ProviderPeer> {
  const requests: RecordedRequest[] = [];
  const queued: PeerAnswer[] = [];
  const accepted: ReturnType<ProviderPeer['sent']> = [];
  const hanging: ServerResponse[] = [];
  let counter = 0;
  const peer = {
    baseUrl: '',
    port: 0,
    requests,
    queue: (...answers: PeerAnswer[]) => void queued.push(...answers),
    sent: () => accepted,
    balance: { balance: 42.5, currency: 'EUR' } as unknown,
    expectedAuthorization: null as string | null,
    beforeAnswer: null as ProviderPeer['beforeAnswer'],
    close: async () => undefined,
  };

  const handler = (request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const servername = (request.socket as TLSSocket).servername;
      const recorded = { method: request.method ?? '', path: request.url ?? '', headers: request.headers, body, servername: typeof servername === 'string' ? servername : null };
      requests.push(recorded);
      void (peer.beforeAnswer?.(recorded) ?? Promise.resolve()).then(() => answerWith(request, response, body));
    });
  };

  function answerWith(request: IncomingMessage, response: ServerResponse, body: string): void {
    const answer = queued.shift() ?? defaultAnswer(request, body);
    if ('hang' in answer) {
      hanging.push(response);
      return;
    }
    if (answer.status >= 200 && answer.status < 300 && request.url === '/send') accepted.push(JSON.parse(body));
    response.writeHead(answer.status, { 'content-type': 'application/json' });
    response.end(typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body));
  }

  function defaultAnswer(request: IncomingMessage, body: string): PeerAnswer {
    if (peer.expectedAuthorization !== null && request.headers.authorization !== peer.expectedAuthorization) {
      return { status: 401, body: { error: 'bad credentials' } };
    }
    if (request.method === 'POST' && request.url === '/send') {
      if (!isJson(body)) return { status: 400, body: { error: 'body is not JSON' } };
      counter += 1;
      return { status: 200, body: { id: `msg-${counter}`, status: 'accepted' } };
    }
    if (request.method === 'GET' && request.url === '/balance') return { status: 200, body: peer.balance };
    return { status: 404, body: { error: 'not found' } };
  }

  const server = options.tls ? https.createServer(selfSignedCertificate(PROVIDER_HOST), handler) : http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  peer.port = port;
  peer.baseUrl = options.tls ? `https://${PROVIDER_HOST}:${port}` : `http://127.0.0.1:${port}`;
  peer.close = async () => {
    for (const response of hanging) response.destroy();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  };
  return peer;
}

function selfSignedCertificate(host: string): { key: Buffer; cert: Buffer } {
  const dir = mkdtempSync(join(tmpdir(), 'mayday-provider-cert-'));
  try {
    const key = join(dir, 'key.pem');
    const cert = join(dir, 'cert.pem');
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1',
      '-subj', `/CN=${host}`, '-addext', `subjectAltName=DNS:${host}`,
    ], { stdio: 'ignore' });
    return { key: readFileSync(key), cert: readFileSync(cert) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
