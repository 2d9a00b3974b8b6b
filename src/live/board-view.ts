// Renders the Live page's parts (eta partials, auto-escaped) from the mirror, and works out
// which of them changed since the last push: a changed row is sent alone; a section whose
// set or order of rows changed is sent whole; the banner when the mirror's status changed.
import { join } from 'node:path';
import { Eta } from 'eta';
import { agentRows, boardOf, callRows, queueRows, type Board } from '../domain/live/board.js';
import { PAUSE_REASONS } from '../domain/live/actions.js';
import type { LiveFloor } from '../domain/live/floor.js';
import { projectRoot } from '../project-root.js';
import type { MirrorStatus } from './mirror.js';

/** What the banner says, from the mirror. */
export interface BannerData {
  readonly status: MirrorStatus;
  /** When the status last changed kind. */
  readonly since: number;
  /** When the last message from a holder arrived. */
  readonly heardAt: number | null;
  readonly reason: string;
}

export interface MirrorView {
  readonly state: LiveFloor;
  readonly status: MirrorStatus;
  readonly statusSince: number;
  readonly heardAt: number | null;
}

export function bannerOf(mirror: MirrorView): BannerData {
  const { status } = mirror;
  const reason =
    status.kind === 'no-holder'
      ? 'no Mayday instance is publishing the floor (no instance holds the AMI connection, or Redis is unreachable).'
      : status.kind === 'stale'
        ? `the AMI connection of ${status.holder} is down or resyncing with Asterisk.`
        : status.kind === 'syncing'
          ? `waiting for the whole floor from ${status.holder}.`
          : '';
  return { status, since: mirror.statusSince, heardAt: mirror.heardAt, reason };
}

export const AGENTS_EMPTY = { supervisor: 'No agent is a member of any queue.', agent: 'Your phone is not a member of any queue.' } as const;

export class BoardRenderer {
  private readonly eta = new Eta({ views: join(projectRoot, 'views'), autoEscape: true, autoTrim: false, cache: true });

  /** `supervisor`: with the buttons only supervisors may use (remove from a queue). */
  agentRow(row: Board['agents'][number], supervisor: boolean): string {
    return this.eta.render('partials/live/agent-row', { row, reasons: PAUSE_REASONS, csrf: '', supervisor });
  }

  queueRow(row: Board['queues'][number]): string {
    return this.eta.render('partials/live/queue-row', { row });
  }

  callRow(row: Board['calls'][number]): string {
    return this.eta.render('partials/live/call-row', { row, csrf: '' });
  }

  agents(rows: Board['agents'], supervisor: boolean): string {
    const emptyText = supervisor ? AGENTS_EMPTY.supervisor : AGENTS_EMPTY.agent;
    return this.eta.render('partials/live/agents', { rows, reasons: PAUSE_REASONS, csrf: '', emptyText, supervisor });
  }

  queues(rows: Board['queues']): string {
    return this.eta.render('partials/live/queues', { rows });
  }

  calls(rows: Board['calls']): string {
    return this.eta.render('partials/live/calls', { rows, csrf: '' });
  }

  banner(data: BannerData): string {
    return this.eta.render('partials/live/banner', data);
  }

  /** The whole board, every part with its id: what a socket gets when it (re)connects. */
  whole(mirror: MirrorView, onlyAgent?: string): string[] {
    const board = boardOf(mirror.state, onlyAgent);
    const tables = [this.agents(board.agents, onlyAgent === undefined)];
    if (onlyAgent === undefined) tables.push(this.queues(board.queues), this.calls(board.calls));
    return [this.banner(bannerOf(mirror)), tables.join('\n')];
  }
}

interface Section<Row extends { domId: string }> {
  readonly rows: (floor: LiveFloor) => Row[];
  readonly row: (row: Row) => string;
  readonly whole: (rows: Row[]) => string;
}

/**
 * One audience's view of the board (supervisors; or one agent's own row) and what it last
 * sent: `next()` answers only the parts that changed since, ready to push as out-of-band
 * swaps, or null when nothing visible changed. Rendered once per audience, whatever the
 * number of sockets.
 */
export class BoardDiff {
  private readonly sent = new Map<string, ReadonlyMap<string, string>>();
  /** Each row's data as last rendered (JSON) and its HTML: unchanged rows are not rendered again. */
  private readonly cache = new Map<string, { json: string; html: string }>();
  private banner = '';
  private readonly sections: [string, Section<{ domId: string }>][];

  constructor(
    private readonly renderer: BoardRenderer,
    onlyAgent?: string,
  ) {
    const agents: Section<Board['agents'][number]> = {
      rows: (floor) => agentRows(floor, onlyAgent),
      row: (row) => renderer.agentRow(row, onlyAgent === undefined),
      whole: (rows) => renderer.agents(rows, onlyAgent === undefined),
    };
    const queues: Section<Board['queues'][number]> = { rows: queueRows, row: (row) => renderer.queueRow(row), whole: (rows) => renderer.queues(rows) };
    const calls: Section<Board['calls'][number]> = { rows: callRows, row: (row) => renderer.callRow(row), whole: (rows) => renderer.calls(rows) };
    this.sections = [['agents', agents as unknown as Section<{ domId: string }>]];
    if (onlyAgent === undefined) this.sections.push(['queues', queues as unknown as Section<{ domId: string }>], ['calls', calls as unknown as Section<{ domId: string }>]);
  }

  /**
   * The messages to send, none when nothing visible changed. The banner travels alone: htmx
   * parses a message in a <template>, where a <div> first would make the table rows after
   * it invalid HTML (dropped), while rows and table bodies of any table parse together.
   */
  next(mirror: MirrorView): string[] {
    const messages: string[] = [];
    const parts: string[] = [];
    const banner = this.renderer.banner(bannerOf(mirror));
    if (banner !== this.banner) messages.push(banner);
    this.banner = banner;
    for (const [name, section] of this.sections) {
      const rows = section.rows(mirror.state);
      const rendered = new Map(rows.map((row) => [row.domId, this.render(row, section)]));
      const before = this.sent.get(name);
      this.sent.set(name, rendered);
      if (before === undefined || !sameOrder(before, rendered)) {
        parts.push(section.whole(rows));
        continue;
      }
      for (const [id, html] of rendered) if (before.get(id) !== html) parts.push(html);
    }
    const shown = [...this.sent.values()];
    for (const id of this.cache.keys()) if (!shown.some((sent) => sent.has(id))) this.cache.delete(id);
    if (parts.length > 0) messages.push(parts.join('\n'));
    return messages;
  }

  private render(row: { domId: string }, section: Section<{ domId: string }>): string {
    const json = JSON.stringify(row);
    const cached = this.cache.get(row.domId);
    if (cached?.json === json) return cached.html;
    const html = section.row(row);
    this.cache.set(row.domId, { json, html });
    return html;
  }
}

function sameOrder(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): boolean {
  if (a.size !== b.size) return false;
  const left = [...a.keys()];
  let index = 0;
  for (const key of b.keys()) if (left[index++] !== key) return false;
  return true;
}
