import { withoutPrefix, withPrefix } from '../../domain/config/edits.js';
import type { ConfigData, Did, PrefixRule } from '../../domain/config/types.js';
import { prefixUsages, type PrefixUsage } from '../../domain/config/usages.js';
import { prefixShadowIssues } from '../../domain/config/validate.js';
import type { ConfigChangeDeps } from '../config-changes.js';
import type { Transaction } from '../config-repository.js';
import { commitValidatedChange, commitValidatedRemoval, type ChangeOutcome, type PlannedChange, type RemovalOutcome } from './validated-change.js';

export interface PrefixRuleRow extends PrefixRule {
  readonly id: number;
}

/** A row of the prefixes page: the rule with its DID and restricted agents spelled out. */
export interface PrefixListRow extends PrefixRuleRow {
  readonly didLabel: string | null;
  /** False when the DID does not allow outbound: every call through the prefix is refused (DID_NOT_OUTBOUND). */
  readonly didAllowsOutbound: boolean;
  readonly agentNames: readonly { readonly extension: string; readonly name: string }[];
}

const SELECT = {
  id: true,
  prefix: true,
  didNumber: true,
  enabled: true,
  did: { select: { label: true, allowOutbound: true } },
  agents: { select: { agent: { select: { extension: true, name: true } } } },
} as const;

interface Selected {
  id: number;
  prefix: string;
  didNumber: string;
  enabled: boolean;
  did: { label: string; allowOutbound: boolean } | null;
  agents: { agent: { extension: string; name: string } }[];
}

export class PrefixRepository {
  constructor(private readonly deps: ConfigChangeDeps) {}

  /** Every prefix rule, by prefix: a call center has a handful, so there is no paging. */
  async list(): Promise<PrefixListRow[]> {
    const found = await this.deps.prisma.prefixRule.findMany({ orderBy: { prefix: 'asc' }, select: SELECT });
    return found.map(toListRow);
  }

  async findById(id: number): Promise<PrefixListRow | null> {
    const found = await this.deps.prisma.prefixRule.findUnique({ where: { id }, select: SELECT });
    return found === null ? null : toListRow(found);
  }

  /** Every DID (a prefix may name one that does not allow outbound; the list warns about it). */
  didChoices(): Promise<Pick<Did, 'number' | 'label' | 'allowOutbound'>[]> {
    return this.deps.prisma.did.findMany({ orderBy: { number: 'asc' }, select: { number: true, label: true, allowOutbound: true } });
  }

  /** Every agent, for the "restricted to" checkboxes. */
  agentChoices(): Promise<{ extension: string; name: string; enabled: boolean }[]> {
    return this.deps.prisma.agent.findMany({ orderBy: { extension: 'asc' }, select: { extension: true, name: true, enabled: true } });
  }

  create(rule: PrefixRule): Promise<ChangeOutcome<PrefixRuleRow>> {
    return commitValidatedChange(this.deps, async (current) =>
      planPrefixChange(current, null, rule, async (tx) => {
        const created = await tx.prefixRule.create({ data: { prefix: rule.prefix, didNumber: rule.did, enabled: rule.enabled }, select: { id: true } });
        await writeAgents(tx, created.id, rule.agents);
        return { id: created.id, ...rule };
      }),
    );
  }

  /** A changed prefix stays granted to the agents allowed it (grants point at the rule's row). */
  update(id: number, rule: PrefixRule): Promise<ChangeOutcome<PrefixRuleRow>> {
    return commitValidatedChange(this.deps, async (current, tx) => {
      const existing = await tx.prefixRule.findUnique({ where: { id }, select: { prefix: true } });
      if (existing === null) return null;
      return planPrefixChange(current, existing.prefix, rule, async (write) => {
        await write.prefixRule.update({ where: { id }, data: { prefix: rule.prefix, didNumber: rule.did, enabled: rule.enabled } });
        await writeAgents(write, id, rule.agents);
        return { id, ...rule };
      });
    });
  }

  /**
   * Agents that list the prefix among others lose it; an agent allowed only this prefix
   * would be left with none listed, which means every prefix, so that delete is refused.
   */
  remove(id: number): Promise<RemovalOutcome<PrefixRuleRow, PrefixUsage>> {
    return commitValidatedRemoval(this.deps, async (current, tx) => {
      const found = await tx.prefixRule.findUnique({ where: { id }, select: SELECT });
      if (found === null) return null;
      const row = toListRow(found);
      return {
        row,
        usages: prefixUsages(current, row.prefix),
        proposed: withoutPrefix(current, row.prefix),
        remove: (write) => write.prefixRule.delete({ where: { id } }),
      };
    });
  }
}

/** A prefix that shadows a route's pattern is refused, with whatever else validateConfig() finds, so the form shows it all at once. */
function planPrefixChange(
  current: ConfigData,
  original: string | null,
  rule: PrefixRule,
  write: PlannedChange<PrefixRuleRow>['write'],
): PlannedChange<PrefixRuleRow> {
  const proposed = withPrefix(current, original, rule);
  return { proposed, refusals: prefixShadowIssues(proposed, original, rule), write };
}

async function writeAgents(tx: Transaction, prefixRuleId: number, extensions: readonly string[]): Promise<void> {
  await tx.prefixRuleAgent.deleteMany({ where: { prefixRuleId } });
  if (extensions.length === 0) return;
  const agents = await tx.agent.findMany({ where: { extension: { in: [...extensions] } }, select: { id: true } });
  await tx.prefixRuleAgent.createMany({ data: agents.map((agent) => ({ prefixRuleId, agentId: agent.id })) });
}

function toListRow(found: Selected): PrefixListRow {
  const agents = found.agents.map((grant) => grant.agent).sort((a, b) => (a.extension < b.extension ? -1 : 1));
  return {
    id: found.id,
    prefix: found.prefix,
    did: found.didNumber,
    enabled: found.enabled,
    agents: agents.map((agent) => agent.extension),
    didLabel: found.did?.label ?? null,
    didAllowsOutbound: found.did?.allowOutbound ?? false,
    agentNames: agents,
  };
}
