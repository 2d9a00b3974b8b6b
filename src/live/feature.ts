import { hostname } from 'node:os';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { AppConfig } from '../config/env.js';
import type { PrismaClient } from '../data/prisma.js';
import { describeAction, interfaceOf, mayRun, type LiveAction } from '../domain/live/actions.js';
import type { Role } from '../domain/users/roles.js';
import { connectRedis, createRedis } from '../realtime/redis.js';
import { RedisSubscriptions } from '../realtime/subscriptions.js';
import { LiveActionClient, type ActionOutcome } from './actions.js';
import { FloorAuditRepository } from './audit.js';
import { liveChannels } from './channels.js';
import { LiveHolder } from './holder.js';
import { FloorMirror } from './mirror.js';

export interface LiveFeatureDeps {
  readonly config: AppConfig;
  readonly redis: Redis;
  readonly prisma: PrismaClient;
  readonly log: Logger;
  /** Redis names under this (tests keep runs apart). */
  readonly namespace?: string;
  /** This instance's name in the lease; host and pid by default. */
  readonly instance?: string;
  /** Tests shorten AMI's reconnect backoff. */
  readonly reconnectInitialMs?: number;
}

/** Who asks for an action: the signed-in dashboard account. */
export interface LiveActor {
  readonly username: string;
  readonly role: Role;
  readonly agentExtension: string | null;
}

export interface LiveFeature {
  readonly mirror: FloorMirror;
  /** This instance's candidate for the AMI lease; null when no AMI account is configured. */
  readonly holder: LiveHolder | null;
  readonly audit: FloorAuditRepository;
  /** An agent's phone interface (LIVE_AGENT_INTERFACE). */
  interfaceOf(extension: string): string;
  /** Permission check, the action on the AMI holder (wherever it runs), and an audit row. */
  act(actor: LiveActor, action: LiveAction): Promise<ActionOutcome & { readonly permitted: boolean }>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function createLive(deps: LiveFeatureDeps): LiveFeature {
  const { config, redis, log } = deps;
  const channels = liveChannels(deps.namespace);
  const subscriber = createRedis(config.redisUrl, log, 'mayday-live-sub');
  const subscriptions = new RedisSubscriptions(subscriber, log);
  const instance = deps.instance ?? `${hostname()}:${process.pid}`;
  const mirror = new FloorMirror({ redis, subscriptions, channels, log: log.child({ component: 'live-mirror' }), silenceMs: config.liveLeaseTtlMs * 2 });
  const holder =
    config.ami === null
      ? null
      : new LiveHolder({
          ami: config.ami,
          redis,
          subscriptions,
          channels,
          instance,
          leaseTtlMs: config.liveLeaseTtlMs,
          log,
          outboundContext: config.liveOutboundContext,
          ringTimeoutMs: config.liveRingTimeoutMs,
          ...(deps.reconnectInitialMs !== undefined && { reconnectInitialMs: deps.reconnectInitialMs }),
        });
  const actions = new LiveActionClient(redis, subscriptions, channels, (action) => (action.kind === 'originate' ? config.liveRingTimeoutMs + 10_000 : 10_000));
  const audit = new FloorAuditRepository(deps.prisma);
  const agentInterface = (extension: string) => interfaceOf(config.liveAgentInterface, extension);

  return {
    mirror,
    holder,
    audit,
    interfaceOf: agentInterface,
    async act(actor, action) {
      const permitted = mayRun({ role: actor.role, ownInterface: actor.agentExtension === null ? null : agentInterface(actor.agentExtension) }, action);
      const outcome = permitted ? await actions.request(action) : { ok: false, message: 'You may not do that on the live floor.' };
      try {
        await audit.record({ username: actor.username, role: actor.role, action: action.kind, target: describeAction(action), ...outcome });
      } catch (error) {
        // The action already happened; losing its audit row is logged with everything it held.
        log.error({ err: error, username: actor.username, action: describeAction(action), outcome }, 'could not write the live floor audit row');
      }
      return { ...outcome, permitted };
    },
    async start() {
      await connectRedis(subscriber);
      await mirror.start();
      await holder?.start();
    },
    async stop() {
      await holder?.stop();
      mirror.stop();
      subscriptions.close();
    },
  };
}
