import { parseArgs } from 'node:util';
import { createSnapshot } from '../../domain/config/snapshot.js';
import { decideOutbound } from '../../domain/outbound/decide.js';
import { describeDecision, ruleName } from '../../domain/outbound/describe.js';
import { loadConfigData, readConfigVersion } from '../../data/config-repository.js';
import { describeInboundSimulation, simulateInbound } from '../../inbound/simulate.js';
import type { CliContext } from '../context.js';
import { UsageError } from '../usage.js';

const USAGE =
  'mayday simulate outbound --agent EXTENSION --number DIGITS [--json]\n' +
  '       mayday simulate inbound --did NUMBER [--caller NUMBER] [--at 2026-12-25T21:00] [--json]';

/** The decision the live server would take now, from the same data and the same function. */
export async function runSimulateCommand(argv: readonly string[], ctx: CliContext): Promise<number> {
  const [kind, ...rest] = argv;
  if (kind === 'inbound') return simulateInboundCommand(rest, ctx);
  if (kind !== 'outbound') throw new UsageError(USAGE);
  const { values } = parseArgs({
    args: [...rest],
    options: { agent: { type: 'string' }, number: { type: 'string' }, json: { type: 'boolean', default: false } },
    strict: true,
  });
  if (!values.agent || !values.number) throw new UsageError(USAGE);
  const request = { agent: values.agent, dialed: values.number };
  const loaded = await loadSnapshot(ctx);
  const decision = decideOutbound(request, loaded.snapshot);
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

async function simulateInboundCommand(argv: readonly string[], ctx: CliContext): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: { did: { type: 'string' }, caller: { type: 'string', default: '' }, at: { type: 'string' }, json: { type: 'boolean', default: false } },
    strict: true,
  });
  if (!values.did) throw new UsageError(USAGE);
  const request = { did: values.did, caller: values.caller };
  const { snapshot, version } = await loadSnapshot(ctx);
  const simulation = simulateInbound(request, values.at, snapshot, new Date());
  if (!simulation.ok) throw new UsageError(simulation.error);
  if (values.json) ctx.out(JSON.stringify({ request, configVersion: version, at: simulation.at, decision: simulation.decision }, null, 2));
  else {
    ctx.out(describeInboundSimulation(request, simulation));
    ctx.out(`config version: ${version}`);
  }
  return simulation.decision.kind === 'route' ? 0 : 3;
}

async function loadSnapshot(ctx: CliContext) {
  const loaded = await ctx.prisma.$transaction(async (tx) => ({
    version: await readConfigVersion(tx),
    data: await loadConfigData(tx),
  }));
  return { version: loaded.version, snapshot: createSnapshot(loaded.data, loaded.version) };
}
