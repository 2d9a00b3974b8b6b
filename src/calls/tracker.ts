/** A call some protocol adapter is handling right now. */
export interface LiveCall {
  /** Asterisk's uniqueid of the channel. */
  readonly uniqueId: string;
  readonly channel: string;
  /** The adapter that holds it: `agi` (FastAGI), later `ari` and `ami`. */
  readonly protocol: string;
  /** What it is doing there, e.g. the AGI script `outbound`. */
  readonly purpose: string;
  readonly since: Date;
}

export type LiveCallStart = Omit<LiveCall, 'since'>;

interface Entry {
  call: LiveCall;
  /** Sessions open on this uniqueid (a channel can run a second script before the first ends). */
  holds: number;
}

/**
 * The live calls of this instance, by uniqueid, whichever protocol holds them. Shutdown
 * waits on it to drain; the health page shows it.
 */
export class CallTracker {
  private readonly calls = new Map<string, Entry>();
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly now: () => Date = () => new Date()) {}

  /** Records the call as live; the returned function ends this hold on it (calling it again does nothing). */
  begin(start: LiveCallStart): () => void {
    const entry = this.calls.get(start.uniqueId);
    if (entry) entry.holds += 1;
    else this.calls.set(start.uniqueId, { call: { ...start, since: this.now() }, holds: 1 });
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.release(start.uniqueId);
    };
  }

  get size(): number {
    return this.calls.size;
  }

  get(uniqueId: string): LiveCall | undefined {
    return this.calls.get(uniqueId)?.call;
  }

  /** Live calls, oldest first. */
  list(): LiveCall[] {
    return [...this.calls.values()].map((entry) => entry.call);
  }

  /** How many live calls each protocol holds. */
  countByProtocol(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const { call } of this.calls.values()) counts[call.protocol] = (counts[call.protocol] ?? 0) + 1;
    return counts;
  }

  /** Resolves true once no call is live, or false when `timeoutMs` passes first. */
  whenIdle(timeoutMs: number): Promise<boolean> {
    if (this.calls.size === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        resolve(true);
      };
      const timer = setTimeout(() => {
        this.idleWaiters = this.idleWaiters.filter((waiter) => waiter !== wake);
        resolve(false);
      }, timeoutMs);
      this.idleWaiters.push(wake);
    });
  }

  private release(uniqueId: string): void {
    const entry = this.calls.get(uniqueId);
    if (!entry) return;
    entry.holds -= 1;
    if (entry.holds > 0) return;
    this.calls.delete(uniqueId);
    if (this.calls.size === 0) for (const wake of this.idleWaiters.splice(0)) wake();
  }
}
