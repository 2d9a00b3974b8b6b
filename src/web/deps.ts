import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { LoginThrottleOptions } from '../auth/login-throttle.js';
import type { CallTracker } from '../calls/tracker.js';
import type { AppConfig } from '../config/env.js';
import type { PrismaClient } from '../data/prisma.js';
import type { SnapshotStore } from '../data/snapshot-store.js';
import type { IvrFeature } from '../ivr/feature.js';
import type { LiveFeature } from '../live/feature.js';
import type { DecisionLogWriter } from '../outbound/decision-log.js';
import type { DecisionStats } from '../outbound/decision-stats.js';
import type { OutboundService } from '../outbound/service.js';
import type { ConfigBus } from '../realtime/config-bus.js';
import type { SmsFeature } from '../sms/feature.js';

/** Everything the web layer may use; built by the composition root (src/main/). */
export interface WebDeps {
  readonly config: AppConfig;
  readonly log: Logger;
  readonly prisma: PrismaClient;
  readonly redis: Redis;
  /** Live calls of this instance, every protocol. */
  readonly calls: CallTracker;
  readonly bus: ConfigBus;
  readonly snapshots: SnapshotStore;
  readonly decisionLog: DecisionLogWriter;
  readonly decisionStats: DecisionStats;
  readonly outbound: OutboundService;
  readonly sms: SmsFeature;
  /** The IVR's ARI connection, for the health page. */
  readonly ivr: Pick<IvrFeature, 'status'>;
  /** The live floor: the mirror the Live page shows, actions, and this instance's AMI lease candidate (health). */
  readonly live: Pick<LiveFeature, 'mirror' | 'holder' | 'act' | 'interfaceOf'>;
  readonly agiListening: () => boolean;
  /** Tests tighten the login limit; production uses the default (5 failures per 15 minutes). */
  readonly loginThrottle?: LoginThrottleOptions;
}
