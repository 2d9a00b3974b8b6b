import { isDeepStrictEqual } from 'node:util';
import type { ConfigData } from '../domain/config/types.js';
import { validateConfig, type ConfigIssue } from '../domain/config/validate.js';
import { commitConfigChange, type ConfigChangeDeps } from './config-changes.js';
import { parseConfigDocument, serializeConfigDocument } from './config-document.js';
import { loadConfigData, readConfigVersion } from './config-repository.js';
import { writeConfigData } from './config-writer.js';
import type { PrismaClient } from './prisma.js';

export type ImportResult =
  | { kind: 'invalid'; issues: ConfigIssue[] }
  | { kind: 'unchanged'; version: number }
  | { kind: 'imported'; version: number };

/**
 * Replaces the whole routing configuration with the document's, all or nothing: every
 * problem is reported and nothing is written unless the document is valid. Importing what
 * is already there changes nothing (and does not bump the version).
 */
export async function importConfigDocument(deps: ConfigChangeDeps, text: string): Promise<ImportResult> {
  const parsed = parseConfigDocument(text);
  if (!parsed.ok) return { kind: 'invalid', issues: parsed.issues };
  const issues = validateConfig(parsed.data);
  if (issues.length > 0) return { kind: 'invalid', issues };
  const current = await loadConfigData(deps.prisma);
  if (sameConfig(current, parsed.data)) return { kind: 'unchanged', version: await readConfigVersion(deps.prisma) };
  const { version } = await commitConfigChange(deps, (tx) => writeConfigData(tx, parsed.data));
  return { kind: 'imported', version };
}

export async function exportConfigDocument(prisma: PrismaClient): Promise<string> {
  return serializeConfigDocument(await loadConfigData(prisma));
}

// Lists whose order carries no meaning are compared sorted; route trunk order is kept.
function sameConfig(a: ConfigData, b: ConfigData): boolean {
  return isDeepStrictEqual(normalize(a), normalize(b));
}

function normalize(data: ConfigData) {
  const byKey = <T>(items: readonly T[], key: (item: T) => string) => [...items].sort((x, y) => key(x).localeCompare(key(y)));
  return {
    settings: data.settings,
    dids: byKey(data.dids, (did) => did.number),
    agents: byKey(data.agents, (agent) => agent.extension).map((agent) => ({ ...agent, allowedPrefixes: [...agent.allowedPrefixes].sort() })),
    prefixes: byKey(data.prefixes, (rule) => rule.prefix).map((rule) => ({ ...rule, agents: [...rule.agents].sort() })),
    trunks: byKey(data.trunks, (trunk) => trunk.name),
    routes: byKey(data.routes, (route) => route.name),
    schedules: byKey(data.schedules, (schedule) => schedule.name),
    inboundRoutes: byKey(data.inboundRoutes, (route) => route.name),
    menus: byKey(data.menus, (menu) => menu.name),
  };
}
