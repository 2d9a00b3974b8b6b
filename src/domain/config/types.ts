// The routing configuration: plain, immutable data with no knowledge of where it came
// from. `ConfigData` is what the database, the YAML import/export and the dashboard
// exchange; `ConfigSnapshot` is the indexed, pre-compiled form the decisions read
// (built once per config version by createSnapshot()).

import type { InboundRoute } from '../inbound/route.js';
import type { IvrMenu } from '../ivr/menu.js';
import type { Schedule } from '../schedule/schedule.js';

export type NumberFormat = 'national' | 'e164' | 'e164plus';

export const NUMBER_FORMATS: readonly NumberFormat[] = ['national', 'e164', 'e164plus'];

export interface Did {
  readonly number: string;
  readonly label: string;
  readonly callerIdName: string | null;
  readonly allowInbound: boolean;
  readonly allowOutbound: boolean;
}

export interface Agent {
  readonly extension: string;
  readonly name: string;
  readonly defaultDid: string | null;
  readonly enabled: boolean;
  /** Prefixes this agent may use; empty means every prefix. */
  readonly allowedPrefixes: readonly string[];
}

export interface PrefixRule {
  readonly prefix: string;
  readonly did: string;
  readonly enabled: boolean;
  /** Agents allowed to use this prefix; empty means every agent. */
  readonly agents: readonly string[];
}

export interface Trunk {
  readonly name: string;
  /** Channel dial string with `{number}`, e.g. `PJSIP/{number}@main_trunk`. */
  readonly dial: string;
  readonly numberFormat: NumberFormat;
  readonly enabled: boolean;
}

export interface OutboundRoute {
  readonly name: string;
  readonly priority: number;
  /** Asterisk extension patterns, e.g. `_07XXXXXXXX`. */
  readonly patterns: readonly string[];
  readonly strip: number;
  readonly prepend: string;
  /** A fixed DID that overrides the agent's own; null uses the agent's DID. */
  readonly callerIdDid: string | null;
  /** Trunk names, in failover order. */
  readonly trunks: readonly string[];
  readonly enabled: boolean;
}

export interface Settings {
  readonly countryCode: string;
  readonly nationalPrefix: string;
  readonly internationalPrefix: string;
  readonly defaultDid: string | null;
  readonly emergencyNumbers: readonly string[];
}

export interface ConfigData {
  readonly settings: Settings;
  readonly dids: readonly Did[];
  readonly agents: readonly Agent[];
  readonly prefixes: readonly PrefixRule[];
  readonly trunks: readonly Trunk[];
  readonly routes: readonly OutboundRoute[];
  readonly schedules: readonly Schedule[];
  readonly inboundRoutes: readonly InboundRoute[];
  readonly menus: readonly IvrMenu[];
}
