// Live page push figure: one floor change (an agent paused or unpaused) pushed to N
// connected dashboards over real WebSockets on loopback, three ways, measured the same way
// in the same run, one after the other:
//
// - floor: a fixed 200-byte text to every socket (no rendering at all: the WebSocket floor);
// - mayday: BoardHub, as the Live page runs it: the rows that changed, rendered once for
//   all supervisors, the same text sent to every socket;
// - baseline: the whole board (three tables) re-rendered for every socket at every change,
//   as a page that re-renders itself per client would.
//
// Each change is applied alone and timed until every client has received the message
// carrying it (the changed member's name holds a sequence number). Reported: p50/p99 of that
// delay, changes per second when applied back to back that way, and bytes sent per change
// per client. The clients run in this same process (they share its CPU with the server).
//
// Runs alone with `npx tsx bench/live-board.ts`; `npm run bench` runs it last.
// BENCH_LIVE_CLIENTS (50), BENCH_LIVE_CHANGES (400), BENCH_LIVE_AGENTS (200).
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { pino } from 'pino';
import { createRequire } from 'node:module';
import { EMPTY_FLOOR, type LiveChannel, type LiveFloor, type LiveMember, type LiveQueue } from '../src/domain/live/floor.js';
import { BoardHub, type BoardSocket, type BoardSource } from '../src/live/board-hub.js';
import { BoardRenderer } from '../src/live/board-view.js';
import type { MirrorListener } from '../src/live/mirror.js';
import { percentile } from './load.js';

// `ws` (what @fastify/websocket runs on) ships no types, and @types/ws is not a dependency.
interface WsClient {
  on(event: 'message', listener: (data: Buffer) => void): void;
  terminate(): void;
}
interface WsServer {
  on(event: 'connection', listener: (socket: BoardSocket) => void): void;
  address(): unknown;
  close(): void;
}
const { WebSocket, WebSocketServer } = createRequire(import.meta.url)('ws') as {
  WebSocket: new (url: string) => WsClient & NodeJS.EventEmitter;
  WebSocketServer: new (options: { host: string; port: number }) => WsServer & NodeJS.EventEmitter;
};

const CLIENTS = Number(process.env.BENCH_LIVE_CLIENTS ?? 50);
const CHANGES = Number(process.env.BENCH_LIVE_CHANGES ?? 400);
/** The baseline re-renders the whole board per client: at 50 clients a change takes seconds, so it gets fewer. */
const BASELINE_CHANGES = Number(process.env.BENCH_LIVE_BASELINE_CHANGES ?? 20);
const AGENTS = Number(process.env.BENCH_LIVE_AGENTS ?? 200);
const QUEUES = 20;
const CALLS = 60;
const WARMUP = 10;

export interface PushFigures {
  readonly target: string;
  readonly changes: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly changesPerSecond: number;
  readonly bytesPerChangePerClient: number;
}

export interface LiveBoardFigures {
  readonly clients: number;
  readonly changes: number;
  readonly agents: number;
  readonly targets: readonly PushFigures[];
}

/** A mirror stand-in the bench changes directly. */
class BenchMirror implements BoardSource {
  state: LiveFloor;
  readonly status = { kind: 'live', holder: 'bench' } as const;
  readonly statusSince = Date.now();
  readonly heardAt = Date.now();
  private readonly listeners: MirrorListener[] = [];

  constructor(floor: LiveFloor) {
    this.state = floor;
  }

  onUpdate(listener: MirrorListener): void {
    this.listeners.push(listener);
  }

  set(floor: LiveFloor): void {
    this.state = floor;
    for (const listener of this.listeners) listener({ floor, changes: [], status: this.status, sentAt: null });
  }
}

const iface = (agent: number) => `PJSIP/${1000 + agent}`;

function benchFloor(): LiveFloor {
  const queues: Record<string, LiveQueue> = {};
  for (let q = 0; q < QUEUES; q += 1) {
    const members: Record<string, LiveMember> = {};
    for (let agent = q; agent < AGENTS; agent += QUEUES) {
      members[iface(agent)] = { queue: `queue${q}`, interface: iface(agent), name: `Agent ${agent} #0`, status: 1, paused: false, pausedReason: '', inCall: false, callsTaken: 3 };
    }
    queues[`queue${q}`] = { name: `queue${q}`, members, callers: {}, holdTime: 12, talkTime: 80, completed: 40, abandoned: 2 };
  }
  const channels: Record<string, LiveChannel> = {};
  for (let call = 0; call < CALLS; call += 1) {
    const caller = `1700000000.${call * 2}`;
    const agentLeg = `1700000000.${call * 2 + 1}`;
    const base = { linkedId: caller, state: 'Up', callerIdName: '', connectedNum: '', context: 'from-trunk', application: 'Queue', bridgeId: `bridge-${call}`, startedAt: 1_700_000_000_000 + call };
    channels[caller] = { ...base, uniqueId: caller, name: `PJSIP/trunk-${String(call).padStart(8, '0')}`, callerIdNum: `07${String(call).padStart(8, '0')}`, exten: '100' };
    channels[agentLeg] = { ...base, uniqueId: agentLeg, name: `${iface(AGENTS - 1 - call)}-${String(call).padStart(8, '0')}`, callerIdNum: String(1000 + AGENTS - 1 - call), exten: '' };
  }
  return { ...EMPTY_FLOOR, channels, queues };
}

/** Change `seq`: one agent's pause flips in each of its queues; its name carries the number. */
function changed(floor: LiveFloor, seq: number): LiveFloor {
  const agent = (seq * 7) % AGENTS;
  const queues = { ...floor.queues };
  for (const [name, queue] of Object.entries(floor.queues)) {
    const member = queue.members[iface(agent)];
    if (member === undefined) continue;
    const paused = !member.paused;
    queues[name] = { ...queue, members: { ...queue.members, [iface(agent)]: { ...member, paused, pausedReason: paused ? 'break' : '', name: `Agent ${agent} #${seq}` } } };
  }
  return { ...floor, queues };
}

interface Pusher {
  add(socket: BoardSocket): void;
  close(): void;
}

/** The per-client full re-render: what the Live page does not do. */
class FullRenderPusher implements Pusher {
  private readonly renderer = new BoardRenderer();
  private readonly sockets = new Set<BoardSocket>();
  constructor(private readonly mirror: BenchMirror) {
    mirror.onUpdate(() => {
      for (const socket of this.sockets) socket.send(this.renderer.whole(this.mirror).join('\n'));
    });
  }
  add(socket: BoardSocket): void {
    this.sockets.add(socket);
    socket.send(this.renderer.whole(this.mirror).join('\n'));
  }
  close(): void {
    this.sockets.clear();
  }
}

/** The floor: a fixed text to every socket, nothing rendered. */
class FixedTextPusher implements Pusher {
  private readonly sockets = new Set<BoardSocket>();
  private seq = 0;
  constructor(mirror: BenchMirror) {
    mirror.onUpdate(() => {
      this.seq += 1;
      const text = `<div id="x">#${this.seq}#</div>`.padEnd(200, ' ');
      for (const socket of this.sockets) socket.send(text);
    });
  }
  add(socket: BoardSocket): void {
    this.sockets.add(socket);
  }
  close(): void {
    this.sockets.clear();
  }
}

async function measure(target: string, changes: number, makePusher: (mirror: BenchMirror) => Pusher): Promise<PushFigures> {
  const mirror = new BenchMirror(benchFloor());
  const pusher = makePusher(mirror);
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await once(server, 'listening');
  server.on('connection', (socket) => pusher.add(socket));
  const { port } = server.address() as { port: number };
  let bytes = 0;
  let latest = new Array<number>(CLIENTS).fill(-1);
  let waiting: { seq: number; resolve: () => void } | null = null;
  const clients = await Promise.all(
    Array.from({ length: CLIENTS }, async (_, index) => {
      const client = new WebSocket(`ws://127.0.0.1:${port}`);
      client.on('message', (data: Buffer) => {
        bytes += data.length;
        const text = data.toString();
        const match = /#(\d+)[#<"]/g;
        let found: RegExpExecArray | null;
        while ((found = match.exec(text)) !== null) latest[index] = Math.max(latest[index]!, Number(found[1]));
        if (waiting !== null && latest.every((seq) => seq >= waiting!.seq)) {
          const done = waiting.resolve;
          waiting = null;
          done();
        }
      });
      await once(client, 'open');
      return client;
    }),
  );
  const settle = (seq: number) => new Promise<void>((resolve) => {
    if (latest.every((value) => value >= seq)) return resolve();
    waiting = { seq, resolve };
  });
  let floor = mirror.state;
  const delays: number[] = [];
  let measuredBytes = 0;
  let elapsed = 0;
  for (let seq = 1; seq <= WARMUP + changes; seq += 1) {
    if (seq === WARMUP + 1) {
      bytes = 0;
      latest = latest.map(() => -1);
    }
    floor = changed(floor, seq);
    const started = performance.now();
    mirror.set(floor);
    await settle(seq);
    const delay = performance.now() - started;
    if (seq > WARMUP) {
      delays.push(delay);
      elapsed += delay;
    }
  }
  measuredBytes = bytes;
  for (const client of clients) client.terminate();
  pusher.close();
  server.close();
  delays.sort((a, b) => a - b);
  return {
    target,
    changes,
    p50Ms: percentile(delays, 50),
    p99Ms: percentile(delays, 99),
    changesPerSecond: changes / (elapsed / 1000),
    bytesPerChangePerClient: measuredBytes / changes / CLIENTS,
  };
}

export async function runLiveBoardBench(): Promise<LiveBoardFigures> {
  const log = pino({ level: 'silent' });
  const targets = [
    await measure('floor (fixed 200 B text)', CHANGES, (mirror) => new FixedTextPusher(mirror)),
    await measure('mayday (changed rows, rendered once)', CHANGES, (mirror) => new BoardHub(mirror, log)),
    await measure('baseline (whole board per client)', BASELINE_CHANGES, (mirror) => new FullRenderPusher(mirror)),
  ];
  return { clients: CLIENTS, changes: CHANGES, agents: AGENTS, targets };
}

export function formatLiveBoardFigures(figures: LiveBoardFigures): string {
  const lines = [
    `Live page push: one agent paused/unpaused in its queues per change, ${figures.clients} WebSocket clients, ${figures.agents} agents, ${QUEUES} queues, ${CALLS} calls`,
    `${'target'.padEnd(40)} ${'changes'.padStart(8)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'changes/s'.padStart(10)} ${'B/change/client'.padStart(16)}`,
    ...figures.targets.map(
      (row) => `${row.target.padEnd(40)} ${String(row.changes).padStart(8)} ${row.p50Ms.toFixed(2).padStart(8)} ${row.p99Ms.toFixed(2).padStart(8)} ${row.changesPerSecond.toFixed(0).padStart(10)} ${row.bytesPerChangePerClient.toFixed(0).padStart(16)}`,
    ),
  ];
  return lines.join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(formatLiveBoardFigures(await runLiveBoardBench()));
}
