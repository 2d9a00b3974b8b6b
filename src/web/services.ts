import type { LoginThrottle } from '../auth/login-throttle.js';
import type { ImportResult } from '../data/config-import.js';
import type { SnapshotStore } from '../data/snapshot-store.js';
import type { AgentRepository } from '../data/repositories/agents.js';
import type { DashboardUserRepository } from '../data/repositories/dashboard-users.js';
import type { DidRepository } from '../data/repositories/dids.js';

/** What route plugins get as options: repositories and services, built once in app.ts. */
export interface WebServices {
  readonly users: DashboardUserRepository;
  readonly loginThrottle: LoginThrottle;
  readonly cookieSecure: boolean;
  readonly snapshots: SnapshotStore;
  readonly dids: DidRepository;
  readonly agents: AgentRepository;
  /** The CLI's YAML document: the whole routing configuration out, or in (all or nothing). */
  readonly configDocument: {
    export(): Promise<string>;
    import(text: string): Promise<ImportResult>;
  };
}
