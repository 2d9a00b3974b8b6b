// FastAGI script `outbound`: AGI(agi://mayday:4573/outbound,${MAYDAY_AGENT},${EXTEN})
// arg 1: the calling agent, captured before anything changed the caller ID; arg 2: the dialed digits.
import type { Logger } from 'pino';
import { outboundFailureVariables, outboundVariables } from '../src/outbound/channel-vars.js';
import type { OutboundService } from '../src/outbound/service.js';
import { withFailureHandler, type AgiScript, type AgiSession } from '../src/telephony/fastagi/index.js';

export function outboundScript(service: OutboundService): AgiScript {
  const decide = async (session: AgiSession, log: Logger): Promise<void> => {
    const { env } = session;
    const agent = env.args[0] || env.callerId || '';
    const dialed = env.args[1] || env.extension;
    const taken = service.decide({ agent, dialed, uniqueId: env.uniqueId, channel: env.channel });
    log.info(
      { agent, dialed, result: taken.decision.kind, rule: taken.decision.rule, version: taken.configVersion, us: taken.decisionMicros },
      'outbound decision',
    );
    for (const [name, value] of outboundVariables(taken)) await session.setVariable(name, value);
  };
  return withFailureHandler(decide, async (session) => {
    for (const [name, value] of outboundFailureVariables) await session.setVariable(name, value);
  });
}
