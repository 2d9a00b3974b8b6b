import { connect, type Socket } from 'node:net';

/** One AMI message: its `Key: value` lines (a repeated key keeps the last value). */
export type AmiMessage = Readonly<Record<string, string>>;

interface Settle<T> {
  readonly resolve: (value: T) => void;
  readonly reject: (error: Error) => void;
}

interface Waiter extends Settle<AmiMessage> {
  readonly match: (event: AmiMessage) => boolean;
}

/**
 * A small test-side AMI client over node:net: login, actions answered by ActionID, and
 * every event kept so a test can wait for one that may already have arrived.
 */
export class AmiClient {
  private buffer = '';
  private nextActionId = 1;
  private readonly pending = new Map<string, Settle<AmiMessage>>();
  private readonly waiters = new Set<Waiter>();
  private closed: Error | null = null;
  /** Every event received since login, in order. */
  readonly events: AmiMessage[] = [];

  private constructor(private readonly socket: Socket) {
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => this.receive(chunk));
    socket.on('error', (error) => this.fail(error));
    socket.on('close', () => this.fail(new Error('AMI connection closed')));
  }

  static async connect(options: { port: number; username: string; secret: string; timeoutMs?: number }): Promise<AmiClient> {
    const socket = connect(options.port, '127.0.0.1');
    const timeoutMs = options.timeoutMs ?? 5000;
    await withDeadline(
      new Promise<void>((resolve, reject) => {
        socket.once('error', reject);
        // The banner line ("Asterisk Call Manager/…") comes before any message.
        socket.once('data', () => resolve());
      }),
      timeoutMs,
      'the AMI banner',
    );
    const client = new AmiClient(socket);
    const login = await client.action({ Action: 'Login', Username: options.username, Secret: options.secret }, timeoutMs);
    if (login.Response !== 'Success') {
      client.close();
      throw new Error(`AMI login refused: ${login.Message ?? 'no message'}`);
    }
    return client;
  }

  /** Sends an action and resolves with its response (whatever its Response value). */
  async action(fields: Record<string, string>, timeoutMs = 5000): Promise<AmiMessage> {
    if (this.closed) throw this.closed;
    const actionId = `t${this.nextActionId++}`;
    const response = new Promise<AmiMessage>((resolve, reject) => this.pending.set(actionId, { resolve, reject }));
    this.socket.write(encode({ ...fields, ActionID: actionId }));
    try {
      return await withDeadline(response, timeoutMs, `the response to ${fields.Action ?? 'an action'}`);
    } finally {
      this.pending.delete(actionId);
    }
  }

  /** Like action(), but a response other than Success throws with its message. */
  async succeed(fields: Record<string, string>, timeoutMs = 5000): Promise<AmiMessage> {
    const response = await this.action(fields, timeoutMs);
    if (response.Response !== 'Success') {
      throw new Error(`AMI ${fields.Action} failed: ${response.Message ?? JSON.stringify(response)}`);
    }
    return response;
  }

  /** The first event (already received or still to come) that matches, within the deadline. */
  async waitForEvent(match: (event: AmiMessage) => boolean, what: string, timeoutMs = 10_000): Promise<AmiMessage> {
    const seen = this.events.find(match);
    if (seen !== undefined) return seen;
    if (this.closed) throw this.closed;
    let waiter!: Waiter;
    const arrival = new Promise<AmiMessage>((resolve, reject) => {
      waiter = { match, resolve, reject };
      this.waiters.add(waiter);
    });
    try {
      return await withDeadline(arrival, timeoutMs, what);
    } finally {
      this.waiters.delete(waiter);
    }
  }

  close(): void {
    this.socket.destroy();
  }

  private receive(chunk: string): void {
    this.buffer += chunk;
    for (let end = this.buffer.indexOf('\r\n\r\n'); end !== -1; end = this.buffer.indexOf('\r\n\r\n')) {
      const message = decode(this.buffer.slice(0, end));
      this.buffer = this.buffer.slice(end + 4);
      this.dispatch(message);
    }
  }

  private dispatch(message: AmiMessage): void {
    if (message.Event === undefined) {
      const actionId = message.ActionID;
      if (actionId !== undefined) this.pending.get(actionId)?.resolve(message);
      return;
    }
    this.events.push(message);
    for (const waiter of this.waiters) {
      if (waiter.match(message)) waiter.resolve(message);
    }
  }

  private fail(error: Error): void {
    this.closed ??= error;
    for (const settle of [...this.pending.values(), ...this.waiters]) settle.reject(this.closed);
  }
}

function encode(fields: Record<string, string>): string {
  for (const [key, value] of Object.entries(fields)) {
    if (/[\r\n]/.test(key + value)) throw new Error(`AMI field ${key} contains a line break`);
  }
  return `${Object.entries(fields).map(([key, value]) => `${key}: ${value}`).join('\r\n')}\r\n\r\n`;
}

function decode(block: string): AmiMessage {
  const message: Record<string, string> = {};
  for (const line of block.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon === -1) continue;
    message[line.slice(0, colon)] = line.slice(colon + 1).trimStart();
  }
  return message;
}

async function withDeadline<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)), timeoutMs);
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
