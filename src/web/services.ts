import type { LoginThrottle } from '../auth/login-throttle.js';
import type { ImportResult } from '../data/config-import.js';
import type { SnapshotStore } from '../data/snapshot-store.js';
import type { AgentRepository } from '../data/repositories/agents.js';
import type { DashboardUserRepository } from '../data/repositories/dashboard-users.js';
import type { DidRepository } from '../data/repositories/dids.js';
import type { CallRecordHistory } from '../data/repositories/call-record-history.js';
import type { CallReportQuery } from '../data/repositories/call-reports.js';
import type { CallHistoryRepository } from '../data/repositories/calls.js';
import type { PrefixRepository } from '../data/repositories/prefixes.js';
import type { SettingsRepository } from '../data/repositories/settings.js';
import type { TrunkRepository } from '../data/repositories/trunks.js';
import type { RouteRepository } from '../data/repositories/routes.js';
import type { HistoryRepository } from '../data/repositories/history.js';
import type { InboundRouteRepository, MenuRepository, ScheduleRepository } from '../inbound/repositories.js';

/** What route plugins get as options: repositories and services, built once in app.ts. */
export interface WebServices {
  readonly users: DashboardUserRepository;
  readonly loginThrottle: LoginThrottle;
  readonly cookieSecure: boolean;
  readonly snapshots: SnapshotStore;
  readonly dids: DidRepository;
  readonly agents: AgentRepository;
  /** The decision log (keyset pages, CSV export), and shown beneath each call of the call history. */
  readonly calls: CallHistoryRepository;
  /** Call records with their decisions, for the call history. */
  readonly callRecords: CallRecordHistory;
  /** Call records summed for the Reports page. */
  readonly reports: CallReportQuery;
  readonly prefixes: PrefixRepository;
  readonly trunks: TrunkRepository;
  readonly settings: SettingsRepository;
  readonly routes: RouteRepository;
  /** Configuration versions: list, diff, document, rollback. */
  readonly history: HistoryRepository;
  readonly schedules: ScheduleRepository;
  readonly inboundRoutes: InboundRouteRepository;
  readonly menus: MenuRepository;
  /** The CLI's YAML document: the whole routing configuration out, or in (all or nothing). */
  readonly configDocument: {
    export(): Promise<string>;
    import(text: string): Promise<ImportResult>;
  };
}
