import type { Socket } from 'node:net';
import { AgiEnvironmentError, MAX_ENV_BYTES, MAX_ENV_LINES, parseAgiEnvironment, type AgiEnvironment } from './env.js';
import { assertSingleLine, formatAgiCommand } from './quote.js';
import { AgiCommandError, AgiProtocolError, AgiReplyFramer, parseAgiReply, type AgiReply } from './reply.js';

export interface AgiSessionOptions {
  /** How long one command may wait for its reply before the session is destroyed. */
  readonly commandTimeoutMs?: number;
  /** How long a new connection may take to send its whole environment block. */
  readonly envTimeoutMs?: number;
  readonly maxEnvBytes?: number;
}

export const DEFAULT_COMMAND_TIMEOUT_MS = 5000;
export const DEFAULT_ENV_TIMEOUT_MS = 10_000;
const MAX_REPLY_LINE_CHARS = 1024 * 1024;
const HANGUP_SIGNAL = 'HANGUP';

export class AgiSessionClosedError extends Error {
  override readonly name = 'AgiSessionClosedError';
  constructor(cause?: Error) {
    super('AGI session closed', cause === undefined ? undefined : { cause });
  }
}

export class AgiCommandTimeoutError extends Error {
  override readonly name = 'AgiCommandTimeoutError';
  constructor(
    readonly command: string,
    readonly timeoutMs: number,
  ) {
    super(`No reply to AGI command within ${timeoutMs} ms: ${command}`);
  }
}

// Every call ends with a close; building (and capturing a stack for) an error nobody will see
// is a measurable share of a session's cost, so the quiet case shares one instance.
const CLOSED_QUIETLY = new AgiSessionClosedError();

interface PendingCommand {
  readonly text: string;
  readonly resolve: (reply: AgiReply) => void;
  readonly reject: (error: Error) => void;
}

/**
 * One FastAGI connection. Commands run strictly one at a time in call order, so
 * concurrent callers never see each other's replies. Every way the connection can
 * end (peer close or reset, timeout, protocol error) settles every command.
 */
export class AgiSession {
  private environment: AgiEnvironment | undefined;
  private readonly envLines: string[] = [];
  private envBytes = 0;
  private partialLine = '';
  private readonly framer = new AgiReplyFramer();
  private readonly queue: PendingCommand[] = [];
  private inFlight: PendingCommand | undefined;
  private envTimer: NodeJS.Timeout | undefined;
  /** One timer per session, re-armed for each command (cheaper than a timer per command). */
  private commandTimer: NodeJS.Timeout | undefined;
  private closing = false;
  private endError: Error | undefined;
  private lastSocketError: Error | undefined;
  private hungUpFlag = false;
  private readonly commandTimeoutMs: number;
  private readonly maxEnvBytes: number;
  private readonly ready: Promise<void>;
  private settleReady!: (error?: Error) => void;
  private signalHangup!: () => void;
  private signalClosed!: () => void;
  /** Resolves when Asterisk sends `HANGUP` (the caller hung up, or the session is ending). */
  readonly whenHungUp = new Promise<void>((resolve) => (this.signalHangup = resolve));
  /** Resolves once the socket is fully closed. */
  readonly whenClosed = new Promise<void>((resolve) => (this.signalClosed = resolve));

  /** Reads the environment block from a fresh connection; rejects (and destroys the socket) if it is bad. */
  static async accept(socket: Socket, options: AgiSessionOptions = {}): Promise<AgiSession> {
    const session = new AgiSession(socket, options);
    await session.ready;
    return session;
  }

  private constructor(
    private readonly socket: Socket,
    options: AgiSessionOptions,
  ) {
    this.commandTimeoutMs = options.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS;
    this.maxEnvBytes = options.maxEnvBytes ?? MAX_ENV_BYTES;
    this.ready = new Promise<void>((resolve, reject) => {
      this.settleReady = (error) => (error ? reject(error) : resolve());
    });
    const envTimeoutMs = options.envTimeoutMs ?? DEFAULT_ENV_TIMEOUT_MS;
    this.envTimer = setTimeout(
      () => this.terminate(new AgiEnvironmentError('timeout', `No complete AGI environment within ${envTimeoutMs} ms`)),
      envTimeoutMs,
    );
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => this.onData(chunk));
    socket.on('error', (error) => (this.lastSocketError = error));
    socket.on('close', () => {
      clearTimeout(this.commandTimer);
      this.terminate(this.settledQuietly() ? CLOSED_QUIETLY : new AgiSessionClosedError(this.lastSocketError));
      this.signalClosed();
    });
  }

  get env(): AgiEnvironment {
    if (!this.environment) throw new Error('AGI environment not read yet');
    return this.environment;
  }

  get hungUp(): boolean {
    return this.hungUpFlag;
  }

  /** True once no further command can be sent. */
  get ended(): boolean {
    return this.closing || this.endError !== undefined;
  }

  /** Sends one raw command line (no newline). Queued behind earlier commands. */
  command(text: string): Promise<AgiReply> {
    try {
      assertSingleLine(text);
    } catch (error) {
      return Promise.reject(error);
    }
    if (this.ended) return Promise.reject(this.endError ?? new AgiSessionClosedError());
    return new Promise<AgiReply>((resolve, reject) => {
      this.queue.push({ text, resolve, reject });
      this.sendNext();
    });
  }

  async setVariable(name: string, value: string): Promise<void> {
    await this.command(formatAgiCommand('SET VARIABLE', [name, value]));
  }

  /** The variable's value, or null when it is not set (`result=0`). */
  async getVariable(name: string): Promise<string | null> {
    const reply = await this.command(formatAgiCommand('GET VARIABLE', [name]));
    return reply.result === '1' ? (reply.data ?? '') : null;
  }

  async verbose(message: string, level = 1): Promise<void> {
    await this.command(formatAgiCommand('VERBOSE', [message, level]));
  }

  /** Runs a dialplan application; arguments are joined with `,` as the application expects. */
  async exec(application: string, ...args: string[]): Promise<AgiReply> {
    const command = formatAgiCommand('EXEC', args.length > 0 ? [application, args.join(',')] : [application]);
    const reply = await this.command(command);
    if (reply.result === '-2') throw new AgiCommandError(200, `application not found: ${application}`, [reply.line], command);
    return reply;
  }

  async answer(): Promise<void> {
    const reply = await this.command('ANSWER');
    if (reply.result === '-1') throw new AgiCommandError(200, 'answer failed', [reply.line], 'ANSWER');
  }

  async hangup(): Promise<void> {
    await this.command('HANGUP');
  }

  /** Ends our side; Asterisk answers with `HANGUP` and closes. Resolves once the socket is closed. */
  close(): Promise<void> {
    if (!this.socket.destroyed && !this.closing) {
      this.closing = true;
      this.socket.end();
      // Asterisk closes right after its final HANGUP; a peer that does not is cut off after
      // commandTimeoutMs (on the session's one timer: a timer per call left pending for
      // seconds kept every finished session alive that long).
      this.armCommandTimer();
    }
    return this.whenClosed;
  }

  private onData(chunk: string): void {
    const lines = (this.partialLine + chunk).split('\n');
    this.partialLine = lines.pop() ?? '';
    for (const line of lines) {
      if (this.endError) return;
      const text = line.endsWith('\r') ? line.slice(0, -1) : line;
      if (this.environment) this.onReplyLine(text);
      else this.onEnvLine(text);
    }
    if (this.endError) return;
    if (!this.environment && this.envBytes + this.partialLine.length > this.maxEnvBytes) {
      this.terminate(this.envTooLarge());
    } else if (this.partialLine.length > MAX_REPLY_LINE_CHARS) {
      this.terminate(new AgiProtocolError(`AGI reply line longer than ${MAX_REPLY_LINE_CHARS} characters`));
    }
  }

  private onEnvLine(line: string): void {
    this.envBytes += Buffer.byteLength(line) + 1;
    if (this.envBytes > this.maxEnvBytes) return this.terminate(this.envTooLarge());
    if (line !== '') {
      this.envLines.push(line);
      if (this.envLines.length > MAX_ENV_LINES) {
        this.terminate(new AgiEnvironmentError('too-many-lines', `AGI environment has more than ${MAX_ENV_LINES} lines`));
      }
      return;
    }
    try {
      this.environment = parseAgiEnvironment(this.envLines);
    } catch (error) {
      return this.terminate(error as Error);
    }
    clearTimeout(this.envTimer);
    this.settleReady();
  }

  private envTooLarge(): AgiEnvironmentError {
    return new AgiEnvironmentError('too-large', `AGI environment larger than ${this.maxEnvBytes} bytes`);
  }

  private onReplyLine(line: string): void {
    // Asterisk announces a hangup on its own line, possibly before the reply to the command in flight.
    if (line === HANGUP_SIGNAL && !this.framer.collecting) {
      this.hungUpFlag = true;
      this.signalHangup();
      return;
    }
    const lines = this.framer.push(line);
    const current = this.inFlight;
    if (!lines || !current) return;
    this.inFlight = undefined;
    try {
      current.resolve(parseAgiReply(lines, current.text));
    } catch (error) {
      if (!(error instanceof AgiProtocolError)) current.reject(error as Error);
      // A line that is not a reply means we no longer know which reply belongs to which command.
      else return this.terminate(error, current);
    }
    this.sendNext();
  }

  private sendNext(): void {
    if (this.inFlight || this.endError) return;
    const next = this.queue.shift();
    if (!next) return;
    this.inFlight = next;
    this.armCommandTimer();
    this.socket.write(`${next.text}\n`);
  }

  private armCommandTimer(): void {
    if (this.commandTimer) this.commandTimer.refresh();
    else this.commandTimer = setTimeout(() => this.onCommandTimer(), this.commandTimeoutMs);
  }

  /** Fires commandTimeoutMs after the latest send (or our close), so what is still waiting then has waited that long. */
  private onCommandTimer(): void {
    if (this.closing) {
      this.socket.destroy();
      return;
    }
    const current = this.inFlight;
    if (current) this.terminate(new AgiCommandTimeoutError(current.text, this.commandTimeoutMs));
  }

  /** Nothing is waiting and nothing went wrong: the common end of every call. */
  private settledQuietly(): boolean {
    return this.environment !== undefined && !this.inFlight && this.queue.length === 0 && !this.lastSocketError;
  }

  /** Ends the session for good: every command still waiting is rejected with `error`. */
  private terminate(error: Error, current = this.inFlight): void {
    if (this.endError) return;
    this.endError = error;
    clearTimeout(this.envTimer);
    clearTimeout(this.commandTimer);
    this.settleReady(error);
    const waiting = [...(current ? [current] : []), ...this.queue.splice(0)];
    this.inFlight = undefined;
    for (const command of waiting) command.reject(error);
    this.socket.destroy();
  }
}
