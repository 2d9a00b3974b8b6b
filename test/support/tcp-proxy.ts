import { createServer, connect, type Server, type Socket } from 'node:net';
import { databaseAddress, redisAddress, type HostPort } from './addresses.js';

/**
 * A loopback TCP proxy in front of MariaDB, Redis or Mayday, so tests can take a real server
 * "away" (reset every connection, refuse new ones) and bring it back, or hold what clients
 * send (their upstream connection already open) until released.
 */
export class TcpProxy {
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private down = false;
  private holding = false;
  private readonly held: (() => void)[] = [];
  port = 0;
  /** Upstream connections that were established. */
  upstreamConnections = 0;

  /** A started proxy in front of the test MariaDB (TEST_DATABASE_SERVER_URL). */
  static forDatabase(): Promise<TcpProxy> {
    return new TcpProxy(databaseAddress()).start();
  }

  /** A started proxy in front of the test Redis (TEST_REDIS_URL). */
  static forRedis(): Promise<TcpProxy> {
    return new TcpProxy(redisAddress()).start();
  }

  constructor(private readonly target: HostPort) {
    this.server = createServer((client) => this.accept(client));
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    if (address === null || typeof address === 'string') throw new Error('proxy has no port');
    this.port = address.port;
    return this;
  }

  /** `url` pointed at this proxy: its host and port replaced, user, database and options kept. */
  via(url: string): string {
    const rewritten = new URL(url);
    rewritten.hostname = '127.0.0.1';
    rewritten.port = String(this.port);
    return rewritten.toString();
  }

  /** Resets every open connection and refuses new ones until restore(). */
  cut(): void {
    this.down = true;
    for (const socket of this.sockets) socket.resetAndDestroy();
    this.sockets.clear();
  }

  restore(): void {
    this.down = false;
  }

  /** From now on, what new clients send waits until release(). */
  hold(): void {
    this.holding = true;
  }

  release(): void {
    this.holding = false;
    for (const forward of this.held.splice(0)) forward();
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: Socket): void {
    if (this.down) {
      client.resetAndDestroy();
      return;
    }
    client.pause();
    const upstream = connect(this.target.port, this.target.host);
    upstream.once('connect', () => (this.upstreamConnections += 1));
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.on('error', () => socket.destroy());
      socket.on('close', () => {
        this.sockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
    upstream.pipe(client);
    const forward = () => client.pipe(upstream);
    if (this.holding) this.held.push(forward);
    else forward();
  }
}
