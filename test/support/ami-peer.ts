/**
 * An AMI server built from Asterisk 22's recorded traffic (../shared/asterisk-fixtures/
 * ami-events.txt and ami-login-failed.txt): it greets, answers Login, Ping and
 * CoreShowChannels with the recorded packets (ActionIDs swapped for the client's), and can
 * misbehave on request: drop every connection, stall, send any bytes. For faults only;
 * everything else is tested against a real Asterisk.
 */
import { readFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { AmiParser, type AmiMessage } from '../../src/telephony/ami/index.js';

const FIXTURES = '/work/shared/asterisk-fixtures';

/** The packets Asterisk sent (`<< ` lines) in a recorded session, each with its CRLF framing. */
export function recordedPackets(file: string): string[] {
  const packets: string[] = [];
  let lines: string[] = [];
  for (const raw of readFileSync(`${FIXTURES}/${file}`, 'utf8').split('\n')) {
    if (raw.startsWith('<< ')) {
      lines.push(raw.slice(3));
      continue;
    }
    if (raw.trim() === '' && lines.length > 0) {
      packets.push(lines.map((line) => `${line}\r\n`).join('') + (lines[0]!.startsWith('Asterisk Call Manager/') ? '' : '\r\n'));
      lines = [];
    }
  }
  return packets;
}

const session = recordedPackets('ami-events.txt');
const failedLogin = recordedPackets('ami-login-failed.txt');
export const GREETING = session[0]!;

function recorded(packets: string[], first: string): string {
  const packet = packets.find((candidate) => candidate.startsWith(first));
  if (!packet) throw new Error(`no recorded packet starting ${first}`);
  return packet;
}

/** Recorded packets carrying `ActionID: <recordedId>`, re-labelled with `actionId`. */
export function recordedReply(recordedId: string, actionId: string): string[] {
  return session.filter((packet) => packet.includes(`ActionID: ${recordedId}\r\n`)).map((packet) => packet.replace(`ActionID: ${recordedId}\r\n`, `ActionID: ${actionId}\r\n`));
}

const LOGIN_OK = recorded(session, 'Response: Success\r\nActionID: login-1');
const LOGIN_REFUSED = recorded(failedLogin, 'Response: Error\r\nActionID: login-1');

export type ActionHandler = (request: AmiMessage, connection: Socket) => void;

export class AmiPeer {
  readonly received: AmiMessage[] = [];
  readonly sockets = new Set<Socket>();
  connections = 0;
  secret = 'mayday-secret';
  private readonly handlers = new Map<string, ActionHandler>();

  private constructor(private readonly server: Server) {}

  static async start(): Promise<AmiPeer> {
    const server = createServer();
    const peer = new AmiPeer(server);
    server.on('connection', (socket) => peer.accept(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    peer.handle('login', (request, socket) => {
      const ok = request.get('secret') === peer.secret;
      socket.write((ok ? LOGIN_OK : LOGIN_REFUSED).replace('ActionID: login-1', `ActionID: ${request.actionId}`));
    });
    peer.handle('ping', (request, socket) => socket.write(recordedReply('ping-1', request.actionId).join('')));
    peer.handle('coreshowchannels', (request, socket) => socket.write(recordedReply('csc-1', request.actionId).join('')));
    peer.handle('logoff', (request, socket) => {
      socket.end(`Response: Goodbye\r\nActionID: ${request.actionId}\r\nMessage: Thanks for all the fish.\r\n\r\n`);
    });
    return peer;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** Replaces how an action (lower-case name) is answered; a handler may stay silent. */
  handle(action: string, handler: ActionHandler): void {
    this.handlers.set(action, handler);
  }

  /** Writes raw bytes to every open connection. */
  broadcast(text: string): void {
    for (const socket of this.sockets) socket.write(text);
  }

  /** Resets every open connection, as a crashed or restarted Asterisk does. */
  dropAll(): void {
    for (const socket of this.sockets) socket.resetAndDestroy();
  }

  async close(): Promise<void> {
    this.dropAll();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: Socket): void {
    this.connections += 1;
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => undefined);
    socket.setEncoding('utf8');
    socket.write(GREETING);
    const parser = new AmiParser();
    socket.on('data', (text: string) => {
      for (const request of parser.push(text)) {
        this.received.push(request);
        this.handlers.get(request.get('action').toLowerCase())?.(request, socket);
      }
    });
  }
}
