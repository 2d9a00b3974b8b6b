import { withAgent, withoutAgent } from '../../domain/config/edits.js';
import type { Agent, ConfigData } from '../../domain/config/types.js';
import { agentUsages } from '../../domain/config/usages.js';
import type { ConfigChangeDeps } from '../config-changes.js';
import { ascendingSlice, readKeysetPage, type KeysetPage, type KeysetQuery } from '../keyset.js';
import type { Transaction } from '../config-repository.js';
import type { Prisma } from '../prisma.js';
import { commitValidatedChange, commitValidatedRemoval, type ChangeOutcome, type PlannedChange, type RemovalOutcome } from './validated-change.js';

export interface AgentRow extends Agent {
  readonly id: number;
}

/** What the agents page edits; the extension identifies the phone and stays. */
export type AgentChanges = Pick<Agent, 'name' | 'defaultDid' | 'enabled' | 'allowedPrefixes'>;

export interface AgentListRow extends AgentRow {
  /** Dashboard accounts linked to this agent, for the delete confirmation. */
  readonly linkedUsers: readonly string[];
}

export interface AgentPage extends KeysetPage<AgentListRow> {
  readonly total: number;
}

const SELECT = {
  id: true,
  extension: true,
  name: true,
  defaultDid: true,
  enabled: true,
  allowedPrefixes: { select: { prefixRule: { select: { prefix: true } } } },
} as const;

type SelectedAgent = Prisma.AgentGetPayload<{ select: typeof SELECT }>;

export class AgentRepository {
  constructor(private readonly deps: ConfigChangeDeps) {}

  /** One page in extension order, by keyset on the unique extension index. */
  async page(query: KeysetQuery & { search: string }): Promise<AgentPage> {
    const where: Prisma.AgentWhereInput =
      query.search === '' ? {} : { OR: [{ extension: { startsWith: query.search } }, { name: { contains: query.search } }] };
    const [page, total] = await Promise.all([
      readKeysetPage(
        query,
        async (slice) => {
          const { where: cursor, orderBy } = ascendingSlice('extension', slice);
          const found = await this.deps.prisma.agent.findMany({ where: { AND: [where, cursor] }, orderBy, take: slice.take, select: SELECT });
          return found.map(toRow);
        },
        (agent) => agent.extension,
      ),
      this.deps.prisma.agent.count({ where }),
    ]);
    const users = await this.deps.prisma.dashboardUser.findMany({
      where: { agentExtension: { in: page.rows.map((agent) => agent.extension) } },
      orderBy: { username: 'asc' },
      select: { username: true, agentExtension: true },
    });
    const linkedTo = (extension: string) => users.filter((user) => user.agentExtension === extension).map((user) => user.username);
    return { ...page, rows: page.rows.map((agent) => ({ ...agent, linkedUsers: linkedTo(agent.extension) })), total };
  }

  async findById(id: number): Promise<AgentRow | null> {
    const found = await this.deps.prisma.agent.findUnique({ where: { id }, select: SELECT });
    return found === null ? null : toRow(found);
  }

  async findByExtension(extension: string): Promise<AgentRow | null> {
    const found = await this.deps.prisma.agent.findUnique({ where: { extension }, select: SELECT });
    return found === null ? null : toRow(found);
  }

  /** Every prefix rule, for the allowed-prefixes checkboxes. */
  prefixChoices(): Promise<{ prefix: string; didNumber: string; enabled: boolean }[]> {
    return this.deps.prisma.prefixRule.findMany({ orderBy: { prefix: 'asc' }, select: { prefix: true, didNumber: true, enabled: true } });
  }

  /** The dashboard accounts linked to the agent (they lose the link if it is deleted). */
  async linkedUsers(extension: string): Promise<string[]> {
    const users = await this.deps.prisma.dashboardUser.findMany({ where: { agentExtension: extension }, orderBy: { username: 'asc' }, select: { username: true } });
    return users.map((user) => user.username);
  }

  create(agent: Agent): Promise<ChangeOutcome<AgentRow>> {
    return commitValidatedChange(this.deps, async (current) => ({
      proposed: withAgent(current, null, agent),
      write: async (tx) => {
        const { id } = await tx.agent.create({
          data: { extension: agent.extension, name: agent.name, defaultDid: agent.defaultDid, enabled: agent.enabled },
          select: { id: true },
        });
        return writeAgent(tx, id, agent);
      },
    }));
  }

  /**
   * Deletes the agent; its allowed prefixes and prefix-rule grants go with it (FK cascades),
   * and linked dashboard users keep their account without the link (SET NULL). Refused when
   * a prefix rule is restricted to this agent alone (the usages are those prefixes), as an
   * empty list would mean every agent.
   */
  remove(id: number): Promise<RemovalOutcome<AgentRow, string>> {
    return commitValidatedRemoval(this.deps, async (current, tx) => {
      const found = await tx.agent.findUnique({ where: { id }, select: SELECT });
      if (found === null) return null;
      const row = toRow(found);
      return {
        row,
        usages: agentUsages(current, row.extension),
        proposed: withoutAgent(current, row.extension),
        remove: (write) => write.agent.delete({ where: { id } }),
      };
    });
  }

  update(id: number, changes: AgentChanges): Promise<ChangeOutcome<AgentRow>> {
    return commitValidatedChange(this.deps, async (current, tx) => {
      const existing = await tx.agent.findUnique({ where: { id }, select: { extension: true } });
      return existing === null ? null : planAgentChange(current, id, { extension: existing.extension, ...changes });
    });
  }

  /** The agent's own choice from their profile: only the default DID changes. */
  setDefaultDid(extension: string, defaultDid: string | null): Promise<ChangeOutcome<AgentRow>> {
    return commitValidatedChange(this.deps, async (current, tx) => {
      const existing = await tx.agent.findUnique({ where: { extension }, select: SELECT });
      if (existing === null) return null;
      const { id, ...agent } = toRow(existing);
      return planAgentChange(current, id, { ...agent, defaultDid });
    });
  }
}

function planAgentChange(current: ConfigData, id: number, agent: Agent): PlannedChange<AgentRow> {
  return { proposed: withAgent(current, agent.extension, agent), write: (tx) => writeAgent(tx, id, agent) };
}

async function writeAgent(tx: Transaction, id: number, agent: Agent): Promise<AgentRow> {
  await tx.agent.update({ where: { id }, data: { name: agent.name, defaultDid: agent.defaultDid, enabled: agent.enabled } });
  await tx.agentAllowedPrefix.deleteMany({ where: { agentId: id } });
  const rules = await tx.prefixRule.findMany({ where: { prefix: { in: [...agent.allowedPrefixes] } }, select: { id: true } });
  if (rules.length > 0) await tx.agentAllowedPrefix.createMany({ data: rules.map((rule) => ({ agentId: id, prefixRuleId: rule.id })) });
  return { id, ...agent };
}

function toRow(found: SelectedAgent): AgentRow {
  return {
    id: found.id,
    extension: found.extension,
    name: found.name,
    defaultDid: found.defaultDid,
    enabled: found.enabled,
    allowedPrefixes: found.allowedPrefixes.map((grant) => grant.prefixRule.prefix).sort(),
  };
}
