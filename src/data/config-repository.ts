import type { ConfigData, NumberFormat } from '../domain/config/types.js';
import { loadInboundData } from '../inbound/persistence.js';
import type { Prisma, PrismaClient } from './prisma.js';
import { settingsFromRow, stringArray } from './row-fields.js';

export type Transaction = Prisma.TransactionClient;
type Reader = PrismaClient | Transaction;

/** The whole routing configuration, rows mapped to domain types. */
export async function loadConfigData(db: Reader): Promise<ConfigData> {
  const [settings, dids, agents, prefixes, trunks, routes, inbound] = await Promise.all([
    db.setting.findUnique({ where: { id: 1 } }),
    db.did.findMany({ orderBy: { number: 'asc' } }),
    db.agent.findMany({
      orderBy: { extension: 'asc' },
      include: { allowedPrefixes: { include: { prefixRule: { select: { prefix: true } } } } },
    }),
    db.prefixRule.findMany({
      orderBy: { prefix: 'asc' },
      include: { agents: { include: { agent: { select: { extension: true } } } } },
    }),
    db.trunk.findMany({ orderBy: { id: 'asc' } }),
    db.outboundRoute.findMany({
      orderBy: [{ priority: 'asc' }, { name: 'asc' }],
      include: { trunks: { orderBy: { position: 'asc' }, include: { trunk: { select: { name: true } } } } },
    }),
    loadInboundData(db),
  ]);
  return {
    settings: settingsFromRow(settings),
    dids: dids.map((did) => ({
      number: did.number,
      label: did.label,
      callerIdName: did.callerIdName,
      allowInbound: did.allowInbound,
      allowOutbound: did.allowOutbound,
    })),
    agents: agents.map((agent) => ({
      extension: agent.extension,
      name: agent.name,
      defaultDid: agent.defaultDid,
      enabled: agent.enabled,
      allowedPrefixes: agent.allowedPrefixes.map((grant) => grant.prefixRule.prefix).sort(),
    })),
    prefixes: prefixes.map((rule) => ({
      prefix: rule.prefix,
      did: rule.didNumber,
      enabled: rule.enabled,
      agents: rule.agents.map((grant) => grant.agent.extension).sort(),
    })),
    trunks: trunks.map((trunk) => ({
      name: trunk.name,
      dial: trunk.dialTemplate,
      numberFormat: trunk.numberFormat as NumberFormat,
      enabled: trunk.enabled,
    })),
    routes: routes.map((route) => ({
      name: route.name,
      priority: route.priority,
      patterns: stringArray(route.patterns),
      strip: route.strip,
      prepend: route.prepend,
      callerIdDid: route.callerIdDid,
      trunks: route.trunks.map((link) => link.trunk.name),
      enabled: route.enabled,
    })),
    ...inbound,
  };
}

export async function readConfigVersion(db: Reader): Promise<number> {
  const row = await db.configVersion.findUnique({ where: { id: 1 } });
  return row?.version ?? 0;
}

/** Bumps the version inside the caller's transaction; returns the new version. */
export async function bumpConfigVersion(tx: Transaction): Promise<number> {
  const row = await tx.configVersion.upsert({
    where: { id: 1 },
    create: { id: 1, version: 2 },
    update: { version: { increment: 1 } },
  });
  return row.version;
}
