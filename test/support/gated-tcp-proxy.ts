import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * A loopback TCP proxy that can hold what clients send (while the upstream connection is
 * already open) until released: a peer that is connected but has not finished speaking.
 * An upstream that refuses the connection resets the client's.
 */
export class GatedTcpProxy {
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private readonly held: (() => void)[] = [];
  private holding = false;
  port = 0;
  /** Upstream connections that were established. */
  upstreamConnections = 0;

  constructor(private readonly target: { host: string; port: number }) {
    this.server = createServer((client) => this.accept(client));
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    if (address === null || typeof address === 'string') throw new Error('proxy has no port');
    this.port = address.port;
    return this;
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
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: Socket): void {
    client.pause();
    const upstream = connect(this.target.port, this.target.host);
    upstream.once('connect', () => (this.upstreamConnections += 1));
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.on('error', () => socket.resetAndDestroy());
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
