import { parseArgs } from 'node:util';
import { createSnapshot } from '../../domain/config/snapshot.js';
import { decideOutbound } from '../../domain/outbound/decide.js';
import { describeDecision, ruleName } from '../../domain/outbound/describe.js';
import { loadConfigData, readConfigVersion } from '../../data/config-repository.js';
import type { CliContext } from '../context.js';
import { UsageError } from '../usage.js';

const USAGE = 'mayday simulate outbound --agent EXTENSION --number DIGITS [--json]';

/** The decision the live server would take now, from the same data and the same function. */
export async function runSimulateCommand(argv: readonly string[], ctx: CliContext): Promise<number> {
  const [kind, ...rest] = argv;
  if (kind !== 'outbound') throw new UsageError(USAGE);
  const { values } = parseArgs({
    args: [...rest],
    options: { agent: { type: 'string' }, number: { type: 'string' }, json: { type: 'boolean', default: false } },
    strict: true,
  });
  if (!values.agent || !values.number) throw new UsageError(USAGE);
  const request = { agent: values.agent, dialed: values.number };
  const loaded = await ctx.prisma.$transaction(async (tx) => ({
    version: await readConfigVersion(tx),
    data: await loadConfigData(tx),
  }));
  const decision = decideOutbound(request, createSnapshot(loaded.data, loaded.version));
  if (values.json) {
    // The rule by its name, as before the decision carried it structured: the JSON stays the same.
    ctx.out(JSON.stringify({ request, configVersion: loaded.version, decision: { ...decision, rule: ruleName(decision.rule) } }, null, 2));
  } else {
    ctx.out(describeDecision(request, decision));
    ctx.out(`rule: ${ruleName(decision.rule) ?? '(none)'}   config version: ${loaded.version}`);
    if (decision.kind === 'dial') {
      decision.attempts.forEach((attempt, index) =>
        ctx.out(`  ${index + 1}. ${attempt.trunk}: Dial(${attempt.dialString}) caller ID ${attempt.callerIdNumber} "${decision.callerIdName}"`),
      );
    }
  }
  return decision.kind === 'dial' ? 0 : 3;
}
