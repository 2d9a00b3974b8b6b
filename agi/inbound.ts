// FastAGI script `inbound`: AGI(agi://mayday:4573/inbound,${EXTEN},${CALLERID(num)})
// arg 1: the DID dialed (as the trunk sends it); arg 2: the caller's number (may be empty).
import type { Logger } from 'pino';
import { inboundFailureVariables, inboundVariables } from '../src/inbound/channel-vars.js';
import type { InboundService } from '../src/inbound/inbound-service.js';
import { withFailureHandler, type AgiScript, type AgiSession } from '../src/telephony/fastagi/index.js';

export function inboundScript(service: InboundService): AgiScript {
  const decide = async (session: AgiSession, log: Logger): Promise<void> => {
    const { env } = session;
    const did = env.args[0] || env.extension;
    const caller = env.args[1] ?? env.callerId ?? '';
    const taken = service.decide({ did, caller });
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
  return withFailureHandler(decide, async (session) => {
    for (const [name, value] of inboundFailureVariables) await session.setVariable(name, value);
  });
}
