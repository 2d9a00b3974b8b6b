// FastAGI script `outbound`: AGI(agi://mayday:4573/outbound,${MAYDAY_AGENT},${EXTEN})
// arg 1: the calling agent, captured before anything changed the caller ID; arg 2: the dialed digits.
import type { Logger } from 'pino';
import type { OutboundService } from '../src/calls/outbound-service.js';
import type { AgiScript, AgiSession } from '../src/telephony/fastagi/index.js';
import { outboundVariables } from '../src/telephony/outbound-variables.js';

export function outboundScript(service: OutboundService): AgiScript {
  return async (session: AgiSession, log: Logger) => {
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
}
