import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { AppConfig } from '../config/env.js';
import type { PrismaClient } from '../data/prisma.js';
import type { SnapshotStore } from '../data/snapshot-store.js';
import { SmsMessageRepository } from './message-repository.js';
import { SmsOutbox, type OutboxOptions } from './outbox.js';
import { PROVIDER_FIELD_NAMES, type ProviderFields } from '../config/sms-provider.js';
import { ProviderSettings } from './provider-settings.js';
import { SmsService } from './service.js';

/** The SMS parts one instance runs, built once by the composition root. */
export interface SmsFeature {
  readonly service: SmsService;
  readonly settings: ProviderSettings;
  readonly outbox: SmsOutbox;
  readonly repository: SmsMessageRepository;
  /** The secret of the delivery-report URL; null: every report is refused. */
  readonly webhookToken: string | null;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface SmsFeatureDeps {
  readonly config: AppConfig;
  readonly prisma: PrismaClient;
  readonly redis: Redis;
  readonly log: Logger;
  readonly snapshots: SnapshotStore;
  /** Tests shorten the outbox's poll and backoff. */
  readonly outbox?: Partial<Omit<OutboxOptions, 'repository' | 'provider' | 'reportUrl' | 'log'>>;
}

export function createSms(deps: SmsFeatureDeps): SmsFeature {
  const log = deps.log.child({ component: 'sms' });
  const repository = new SmsMessageRepository(deps.prisma);
  const settings = new ProviderSettings({ redis: deps.redis, prisma: deps.prisma, log, envFields: envFieldsOf(deps.config) });
  const { smsPublicUrl, smsWebhookToken } = deps.config;
  const reportUrl = smsPublicUrl === null || smsWebhookToken === null ? null : `${smsPublicUrl}/webhooks/sms/${smsWebhookToken}`;
  const outbox = new SmsOutbox({ ...deps.outbox, repository, log, provider: () => settings.current(), reportUrl: () => reportUrl });
  const service = new SmsService({ repository, settings, nudge: () => outbox.nudge(), plan: () => deps.snapshots.current()?.settings ?? null });
  return {
    service,
    settings,
    outbox,
    repository,
    webhookToken: smsWebhookToken,
    async start() {
      await settings.start();
      outbox.start();
    },
    async stop() {
      settings.stop();
      await outbox.stop();
    },
  };
}

/** The environment's provider, back as the text fields the runtime configuration uses. */
function envFieldsOf(config: AppConfig): ProviderFields {
  const provider = config.smsProvider;
  if (provider === null) return {};
  const fields: Record<string, string> = {
    baseUrl: provider.baseUrl,
    sender: provider.sender,
    hostOverride: provider.hostOverride ?? '',
    tls: provider.tls,
    timeoutMs: String(provider.timeoutMs),
  };
  if (provider.auth.kind === 'basic') Object.assign(fields, { username: provider.auth.username, password: provider.auth.password });
  if (provider.auth.kind === 'header') fields.authorization = provider.auth.authorization;
  return Object.fromEntries(PROVIDER_FIELD_NAMES.map((name) => [name, fields[name] ?? '']));
}
