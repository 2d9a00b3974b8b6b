// FastAGI script `inbound`: AGI(agi://mayday:4573/inbound,${EXTEN},${CALLERID(num)})
// arg 1: the DID dialed (as the trunk sends it); arg 2: the caller's number (may be empty).
import type { Logger } from 'pino';
import { inboundVariables } from '../src/inbound/channel-variables.js';
import type { InboundService } from '../src/inbound/inbound-service.js';
import type { AgiScript, AgiSession } from '../src/telephony/fastagi/index.js';
import { InboundResults, InboundVars } from '../src/telephony/channel-vars.js';

export function inboundScript(service: InboundService): AgiScript {
  return async (session: AgiSession, log: Logger) => {
    const { env } = session;
    const did = env.args[0] || env.extension;
    const caller = env.args[1] ?? env.callerId ?? '';
    let taken;
    try {
      taken = service.decide({ did, caller });
    } catch (error) {
      // The dialplan sends the call to its configured safe destination.
      await session.setVariable(InboundVars.result, InboundResults.failure);
      throw error;
    }
    const { decision } = taken;
    log.info(
      {
        did,
        caller,
        result: decision.kind,
        route: decision.kind === 'route' ? decision.route : null,
        reason: decision.kind === 'reject' ? decision.reason : null,
        version: taken.configVersion,
        us: taken.decisionMicros,
      },
      'inbound decision',
    );
    for (const [name, value] of inboundVariables(taken)) await session.setVariable(name, value);
  };
}
