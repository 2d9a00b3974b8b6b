import type { ConfigData, Settings } from '../domain/config/types.js';
import type { Transaction } from './config-repository.js';
import { routeFields, settingsFields, trunkFields } from './row-fields.js';
import { writeInboundData } from '../inbound/persistence.js';

/**
 * Makes the database hold exactly `data` (declarative: rows not in `data` are removed),
 * inside the caller's transaction. Natural keys (DID number, extension, prefix, trunk and
 * route names) identify rows, so ids and DID notes survive a re-import.
 */
export async function writeConfigData(tx: Transaction, data: ConfigData): Promise<void> {
  for (const did of data.dids) {
    const fields = {
      label: did.label,
      callerIdName: did.callerIdName,
      allowInbound: did.allowInbound,
      allowOutbound: did.allowOutbound,
    };
    await tx.did.upsert({ where: { number: did.number }, create: { number: did.number, ...fields }, update: fields });
  }
  for (const trunk of data.trunks) {
    const fields = trunkFields(trunk);
    await tx.trunk.upsert({ where: { name: trunk.name }, create: { name: trunk.name, ...fields }, update: fields });
  }
  await writeSettings(tx, data.settings);

  const agentIds = new Map<string, number>();
  for (const agent of data.agents) {
    const fields = { name: agent.name, defaultDid: agent.defaultDid, enabled: agent.enabled };
    const row = await tx.agent.upsert({
      where: { extension: agent.extension },
      create: { extension: agent.extension, ...fields },
      update: fields,
    });
    agentIds.set(agent.extension, row.id);
  }
  const prefixIds = new Map<string, number>();
  for (const rule of data.prefixes) {
    const fields = { didNumber: rule.did, enabled: rule.enabled };
    const row = await tx.prefixRule.upsert({
      where: { prefix: rule.prefix },
      create: { prefix: rule.prefix, ...fields },
      update: fields,
    });
    prefixIds.set(rule.prefix, row.id);
  }
  await tx.agentAllowedPrefix.deleteMany({});
  await tx.agentAllowedPrefix.createMany({
    data: data.agents.flatMap((agent) =>
      agent.allowedPrefixes.map((prefix) => ({ agentId: idOf(agentIds, agent.extension), prefixRuleId: idOf(prefixIds, prefix) })),
    ),
  });
  await tx.prefixRuleAgent.deleteMany({});
  await tx.prefixRuleAgent.createMany({
    data: data.prefixes.flatMap((rule) =>
      rule.agents.map((extension) => ({ prefixRuleId: idOf(prefixIds, rule.prefix), agentId: idOf(agentIds, extension) })),
    ),
  });

  const trunkIds = new Map((await tx.trunk.findMany({ select: { id: true, name: true } })).map((t) => [t.name, t.id]));
  const routeNames = data.routes.map((route) => route.name);
  await tx.outboundRouteTrunk.deleteMany({});
  for (const route of data.routes) {
    const fields = routeFields(route);
    const row = await tx.outboundRoute.upsert({ where: { name: route.name }, create: { name: route.name, ...fields }, update: fields });
    await tx.outboundRouteTrunk.createMany({
      data: route.trunks.map((trunk, position) => ({ routeId: row.id, trunkId: idOf(trunkIds, trunk), position })),
    });
  }

  await writeInboundData(tx, data);

  // Removals last, dependants before what they depend on (foreign keys restrict deletes).
  await tx.outboundRoute.deleteMany({ where: { name: { notIn: routeNames } } });
  await tx.prefixRule.deleteMany({ where: { prefix: { notIn: data.prefixes.map((rule) => rule.prefix) } } });
  await tx.agent.deleteMany({ where: { extension: { notIn: data.agents.map((agent) => agent.extension) } } });
  await tx.trunk.deleteMany({ where: { name: { notIn: data.trunks.map((trunk) => trunk.name) } } });
  await tx.did.deleteMany({ where: { number: { notIn: data.dids.map((did) => did.number) } } });
}

/** The single settings row (id 1). */
export async function writeSettings(tx: Transaction, settings: Settings): Promise<void> {
  const fields = settingsFields(settings);
  await tx.setting.upsert({ where: { id: 1 }, create: { id: 1, ...fields }, update: fields });
}

function idOf(ids: ReadonlyMap<string, number>, key: string): number {
  const id = ids.get(key);
  // validateConfig rejects unknown references before any write, so this is a programming error.
  if (id === undefined) throw new Error(`reference to unknown ${key} reached the writer`);
  return id;
}
