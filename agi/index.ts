// The FastAGI scripts Asterisk can call, by the name in agi://host:port/<name>.
import type { OutboundService } from '../src/outbound/service.js';
import type { AgiScript } from '../src/telephony/fastagi/index.js';
import { outboundScript } from './outbound.js';

export interface ScriptServices {
  readonly outbound: OutboundService;
}

export function agiScripts(services: ScriptServices): ReadonlyMap<string, AgiScript> {
  return new Map([['outbound', outboundScript(services.outbound)]]);
}
