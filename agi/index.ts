// The FastAGI scripts Asterisk can call, by the name in agi://host:port/<name>.
import type { InboundService } from '../src/inbound/inbound-service.js';
import type { OutboundService } from '../src/outbound/service.js';
import type { AgiScript } from '../src/telephony/fastagi/index.js';
import { inboundScript } from './inbound.js';
import { outboundScript } from './outbound.js';

export interface ScriptServices {
  readonly outbound: OutboundService;
  readonly inbound: InboundService;
}

export function agiScripts(services: ScriptServices): ReadonlyMap<string, AgiScript> {
  return new Map([
    ['outbound', outboundScript(services.outbound)],
    ['inbound', inboundScript(services.inbound)],
  ]);
}
