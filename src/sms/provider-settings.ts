import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { PrismaClient } from '../data/prisma.js';
import { HttpSmsProvider } from './http-provider.js';
import {
  PROVIDER_FIELD_NAMES,
  readProviderConfig,
  SECRET_FIELDS,
  type ProviderFieldName,
  type ProviderFields,
  type ProviderProblem,
  type SmsProviderConfig,
} from '../config/sms-provider.js';
import type { SmsProvider } from './provider.js';

/** The runtime configuration: the provider fields as JSON. Present, it replaces the environment's. */
export const PROVIDER_KEY = 'mayday:sms:provider';

export type ProviderSource = 'runtime' | 'environment';

export interface ProviderSettingsView {
  readonly source: ProviderSource;
  /** Every field as text, secrets replaced by whether they are set. */
  readonly fields: Readonly<Record<Exclude<ProviderFieldName, 'password' | 'authorization'>, string>>;
  readonly secretsSet: Readonly<Record<'password' | 'authorization', boolean>>;
  readonly configured: boolean;
}

/** A save from the Integrations → SMS form: an empty secret keeps the saved one unless `clear` names it. */
export interface ProviderChange {
  readonly fields: ProviderFields;
  readonly clear: readonly ProviderFieldName[];
}

export type SaveOutcome =
  | { readonly kind: 'saved'; readonly changed: readonly ProviderFieldName[] }
  | { readonly kind: 'invalid'; readonly problems: readonly ProviderProblem[] };

export interface ProviderSettingsDeps {
  readonly redis: Redis;
  readonly prisma: PrismaClient;
  readonly log: Logger;
  /** The environment's provider fields (SMS_PROVIDER_*), already validated at start. */
  readonly envFields: ProviderFields;
  readonly refreshMs?: number;
}

/**
 * The SMS provider in force: the runtime configuration in Redis when there is one, else the
 * environment's. Read from Redis every `refreshMs` (so every instance follows a change)
 * and kept in memory: when Redis is away the last configuration read keeps working.
 */
export class ProviderSettings {
  private fields: ProviderFields;
  private source: ProviderSource = 'environment';
  private provider: { config: SmsProviderConfig; instance: SmsProvider } | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly deps: ProviderSettingsDeps) {
    this.fields = deps.envFields;
    this.rebuild();
  }

  async start(): Promise<void> {
    if (this.timer !== null) return;
    await this.refresh();
    this.timer = setInterval(() => void this.refresh(), this.deps.refreshMs ?? 5000);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }

  /** The provider to send through now; null when none is configured. */
  current(): SmsProvider | null {
    return this.provider?.instance ?? null;
  }

  config(): SmsProviderConfig | null {
    return this.provider?.config ?? null;
  }

  view(): ProviderSettingsView {
    const text = (name: ProviderFieldName) => (this.fields[name] ?? '').trim();
    return {
      source: this.source,
      fields: {
        baseUrl: text('baseUrl'),
        sender: text('sender'),
        username: text('username'),
        hostOverride: text('hostOverride'),
        tls: text('tls') === '' ? 'strict' : text('tls'),
        timeoutMs: text('timeoutMs'),
      },
      secretsSet: { password: text('password') !== '', authorization: text('authorization') !== '' },
      configured: this.provider !== null,
    };
  }

  /** Reads the runtime configuration; on a Redis error the current one stays. */
  async refresh(): Promise<void> {
    let stored: string | null;
    try {
      stored = await this.deps.redis.get(PROVIDER_KEY);
    } catch (error) {
      this.deps.log.warn({ err: error }, 'could not read the runtime sms provider configuration; keeping the current one');
      return;
    }
    const fields = stored === null ? null : parseStored(stored);
    if (stored !== null && fields === null) {
      this.deps.log.error({ key: PROVIDER_KEY }, 'the runtime sms provider configuration is unreadable; using the environment');
    }
    this.source = fields === null ? 'environment' : 'runtime';
    this.fields = fields ?? this.deps.envFields;
    this.rebuild();
  }

  async save(change: ProviderChange, username: string): Promise<SaveOutcome> {
    const merged: Record<string, string> = {};
    for (const name of PROVIDER_FIELD_NAMES) {
      const submitted = (change.fields[name] ?? '').trim();
      const keep = SECRET_FIELDS.includes(name) && submitted === '' && !change.clear.includes(name);
      merged[name] = keep ? (this.fields[name] ?? '').trim() : submitted;
    }
    const result = readProviderConfig(merged);
    if (!result.ok) return { kind: 'invalid', problems: result.problems };
    const changed = PROVIDER_FIELD_NAMES.filter((name) => merged[name] !== (this.fields[name] ?? '').trim());
    // Audited first: a change that fails to reach Redis is over-reported, never unreported.
    await this.audit(username, 'save', changed);
    await this.deps.redis.set(PROVIDER_KEY, JSON.stringify(merged));
    this.source = 'runtime';
    this.fields = merged;
    this.rebuild();
    return { kind: 'saved', changed };
  }

  /** Deletes the runtime configuration: the environment's applies again. */
  async revert(username: string): Promise<void> {
    await this.audit(username, 'revert', []);
    await this.deps.redis.del(PROVIDER_KEY);
    this.source = 'environment';
    this.fields = this.deps.envFields;
    this.rebuild();
  }

  async history(limit = 20): Promise<{ username: string; action: string; fields: string; createdAt: Date }[]> {
    return this.deps.prisma.smsConfigAudit.findMany({ orderBy: { id: 'desc' }, take: limit, select: { username: true, action: true, fields: true, createdAt: true } });
  }

  private async audit(username: string, action: 'save' | 'revert', fields: readonly ProviderFieldName[]): Promise<void> {
    await this.deps.prisma.smsConfigAudit.create({ data: { username, action, fields: fields.join(', ').slice(0, 255) } });
    this.deps.log.info({ username, action, fields }, 'sms provider configuration changed');
  }

  private rebuild(): void {
    const result = readProviderConfig(this.fields);
    if (!result.ok) this.deps.log.error({ source: this.source, problems: result.problems }, 'the sms provider configuration is invalid; sms is off');
    const config = result.ok ? result.config : null;
    this.provider = config === null ? null : { config, instance: new HttpSmsProvider(config) };
  }
}

function parseStored(stored: string): ProviderFields | null {
  try {
    const value = JSON.parse(stored) as unknown;
    if (typeof value !== 'object' || value === null) return null;
    const record = value as Record<string, unknown>;
    return Object.fromEntries(PROVIDER_FIELD_NAMES.map((name) => [name, typeof record[name] === 'string' ? record[name] : '']));
  } catch {
    return null;
  }
}
