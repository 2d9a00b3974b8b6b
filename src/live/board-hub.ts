import type { Logger } from 'pino';
import { BoardDiff, BoardRenderer, type MirrorView } from './board-view.js';
import type { MirrorListener } from './mirror.js';

/** The part of a `ws` WebSocket the hub uses. */
export interface BoardSocket {
  readonly readyState: number;
  readonly bufferedAmount: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  on(event: 'close', listener: () => void): unknown;
}

export interface BoardSource extends MirrorView {
  onUpdate(listener: MirrorListener): void;
}

const OPEN = 1;
/** A socket this far behind is closed (1013, try again later); htmx-ext-ws reconnects it and it gets the whole board. */
export const MAX_BUFFERED_BYTES = 1024 * 1024;

/**
 * The Live page's sockets on this instance. Each mirror update (coalesced per turn of the
 * event loop) is rendered once per audience (supervisors; each connected agent's own row)
 * into the parts that changed, and the same text is sent to every socket of that audience.
 */
export class BoardHub {
  private readonly renderer = new BoardRenderer();
  private readonly audiences = new Map<string, { diff: BoardDiff; sockets: Set<BoardSocket> }>();
  private queued = false;
  private closed = false;

  constructor(
    private readonly mirror: BoardSource,
    private readonly log: Pick<Logger, 'warn' | 'error'>,
  ) {
    mirror.onUpdate(() => this.schedule());
  }

  get size(): number {
    let count = 0;
    for (const audience of this.audiences.values()) count += audience.sockets.size;
    return count;
  }

  /** Sends the whole board to `socket`, then every change; `onlyAgent`: an agent's own row only. */
  add(socket: BoardSocket, onlyAgent?: string): void {
    if (this.closed) return socket.close(1001, 'shutting down');
    const key = onlyAgent ?? '';
    let audience = this.audiences.get(key);
    if (audience === undefined) {
      const diff = new BoardDiff(this.renderer, onlyAgent);
      diff.next(this.mirror);
      audience = { diff, sockets: new Set() };
      this.audiences.set(key, audience);
    }
    const { sockets } = audience;
    sockets.add(socket);
    socket.on('close', () => {
      sockets.delete(socket);
      if (sockets.size === 0 && this.audiences.get(key)?.sockets === sockets) this.audiences.delete(key);
    });
    for (const message of this.renderer.whole(this.mirror, onlyAgent)) this.send(socket, message);
  }

  /** Closes every socket (shutdown: browsers reconnect to another instance). */
  close(): void {
    this.closed = true;
    for (const { sockets } of this.audiences.values()) for (const socket of sockets) socket.close(1012, 'restarting');
    this.audiences.clear();
  }

  private schedule(): void {
    if (this.queued || this.closed) return;
    this.queued = true;
    setImmediate(() => {
      this.queued = false;
      this.push();
    });
  }

  private push(): void {
    for (const { diff, sockets } of this.audiences.values()) {
      let messages: string[];
      try {
        messages = diff.next(this.mirror);
      } catch (error) {
        this.log.error({ err: error }, 'could not render the live board');
        continue;
      }
      for (const message of messages) for (const socket of sockets) this.send(socket, message);
    }
  }

  private send(socket: BoardSocket, html: string): void {
    if (socket.readyState !== OPEN) return;
    if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      this.log.warn('closing a live board socket that does not keep up');
      socket.close(1013, 'too slow');
      return;
    }
    socket.send(html);
  }
}
