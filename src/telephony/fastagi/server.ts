import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import type { Logger } from 'pino';
import type { AgiEnvironment } from './env.js';
import { AgiSession, type AgiSessionOptions } from './session.js';

export type AgiScript = (session: AgiSession, log: Logger) => Promise<void>;
export type AgiScriptResolver = (script: string, env: AgiEnvironment) => AgiScript | undefined;

export interface FastAgiServerOptions extends AgiSessionOptions {
  readonly host?: string;
  readonly port?: number;
  readonly logger: Logger;
  readonly scripts: ReadonlyMap<string, AgiScript> | AgiScriptResolver;
}

export interface FastAgiAddress {
  readonly host: string;
  readonly port: number;
}

export class AgiUnknownScriptError extends Error {
  override readonly name = 'AgiUnknownScriptError';
  constructor(readonly script: string) {
    super(`No AGI script named ${JSON.stringify(script)}`);
  }
}

const DEFAULT_DRAIN_TIMEOUT_MS = 10_000;

export class FastAgiServer {
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private readonly log: Logger;
  private readonly idleWaiters: (() => void)[] = [];
  private stopped: Promise<void> | undefined;

  constructor(private readonly options: FastAgiServerOptions) {
    this.log = options.logger;
    this.server = createServer((socket) => void this.serve(socket));
    this.server.on('error', (error) => this.log.error({ err: error }, 'FastAGI server error'));
  }

  /** Connections currently open, including those still sending their environment. */
  get activeSessions(): number {
    return this.sockets.size;
  }

  get listening(): boolean {
    return this.server.listening;
  }

  listen(): Promise<FastAgiAddress> {
    const { host = '127.0.0.1', port = 4573 } = this.options;
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        const address = this.server.address() as AddressInfo;
        this.log.info({ host: address.address, port: address.port }, 'FastAGI server listening');
        resolve({ host: address.address, port: address.port });
      });
    });
  }

  /** Refuses new connections from now on; open sessions go on. */
  stopAccepting(): void {
    this.stopped ??= new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Stops accepting, lets running sessions finish for up to `drainTimeoutMs`, then destroys the rest. */
  async close({ drainTimeoutMs = DEFAULT_DRAIN_TIMEOUT_MS }: { drainTimeoutMs?: number } = {}): Promise<void> {
    this.stopAccepting();
    if (!(await this.whenIdle(drainTimeoutMs))) {
      this.log.warn({ sessions: this.sockets.size }, 'FastAGI drain timed out, destroying sessions');
      for (const socket of this.sockets) socket.destroy();
      await this.whenIdle();
    }
    await this.stopped;
  }

  /** Resolves true once no connection is open, or false when `timeoutMs` passes first. */
  private whenIdle(timeoutMs?: number): Promise<boolean> {
    if (this.sockets.size === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = timeoutMs === undefined ? undefined : setTimeout(() => resolve(false), timeoutMs);
      this.idleWaiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  private async serve(socket: Socket): Promise<void> {
    this.track(socket);
    socket.setNoDelay(true);
    // Resets and other socket errors also surface as a closed session; they must never crash the process.
    socket.on('error', (error) => this.log.debug({ err: error, remote: socket.remoteAddress }, 'FastAGI socket error'));

    let session: AgiSession;
    try {
      session = await AgiSession.accept(socket, this.options);
    } catch (error) {
      this.log.warn({ err: error, remote: socket.remoteAddress }, 'FastAGI connection dropped before a valid environment');
      return;
    }

    const { env } = session;
    const log = this.log.child({ uniqueid: env.uniqueId, channel: env.channel, script: env.script });
    try {
      const script = this.resolve(env);
      if (!script) throw new AgiUnknownScriptError(env.script);
      await script(session, log);
    } catch (error) {
      log.error({ err: error }, 'FastAGI script failed');
    }
    await session.close();
  }

  private resolve(env: AgiEnvironment): AgiScript | undefined {
    const { scripts } = this.options;
    return typeof scripts === 'function' ? scripts(env.script, env) : scripts.get(env.script);
  }

  private track(socket: Socket): void {
    this.sockets.add(socket);
    socket.once('close', () => {
      this.sockets.delete(socket);
      if (this.sockets.size === 0) for (const wake of this.idleWaiters.splice(0)) wake();
    });
  }
}
