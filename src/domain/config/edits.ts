import type { Destination } from '../inbound/destination.js';
import type { InboundRoute } from '../inbound/route.js';
import type { IvrMenu } from '../ivr/menu.js';
import type { Schedule } from '../schedule/schedule.js';
import type { Agent, ConfigData, Did, OutboundRoute, PrefixRule, Settings, Trunk } from './types.js';

// One dashboard edit applied to the whole configuration, so validateConfig() can judge the
// result before anything is written. An added or changed item goes last, so its issues
// carry a known index (`dids[dids.length - 1]`) and a duplicate key is reported on it, not
// on the item it collides with. `original` is the key the item had (null: a new item); a
// changed key is carried to everything that refers to it, as the database carries it
// (ON UPDATE CASCADE, or links to the row's id).

export function withDid(current: ConfigData, original: string | null, did: Did): ConfigData {
  const renamed = (number: string | null): string | null => (original !== null && number === original ? did.number : number);
  return {
    ...current,
    dids: [...current.dids.filter((existing) => existing.number !== original), did],
    agents: current.agents.map((agent) => ({ ...agent, defaultDid: renamed(agent.defaultDid) })),
    prefixes: current.prefixes.map((rule) => ({ ...rule, did: renamed(rule.did) ?? rule.did })),
    routes: current.routes.map((route) => ({ ...route, callerIdDid: renamed(route.callerIdDid) })),
    settings: { ...current.settings, defaultDid: renamed(current.settings.defaultDid) },
  };
}

/** Refused elsewhere while anything uses the DID (didUsages), so nothing refers to it. */
export function withoutDid(current: ConfigData, number: string): ConfigData {
  return { ...current, dids: current.dids.filter((did) => did.number !== number) };
}

/** An agent's extension identifies its phone and never changes, so nothing is renamed. */
export function withAgent(current: ConfigData, original: string | null, agent: Agent): ConfigData {
  return { ...current, agents: [...current.agents.filter((existing) => existing.extension !== original), agent] };
}

/** Prefix rules restricted to the agent lose it (refused elsewhere where it is the only one: agentUsages). */
export function withoutAgent(current: ConfigData, extension: string): ConfigData {
  return {
    ...current,
    agents: current.agents.filter((agent) => agent.extension !== extension),
    prefixes: current.prefixes.map((rule) => ({ ...rule, agents: rule.agents.filter((other) => other !== extension) })),
  };
}

/** Agents allowed the old prefix keep it under the new one. */
export function withPrefix(current: ConfigData, original: string | null, rule: PrefixRule): ConfigData {
  const renamed = (prefix: string): string => (original !== null && prefix === original ? rule.prefix : prefix);
  return {
    ...current,
    prefixes: [...current.prefixes.filter((other) => other.prefix !== original), rule],
    agents: current.agents.map((agent) => ({ ...agent, allowedPrefixes: agent.allowedPrefixes.map(renamed) })),
  };
}

/** Agents that list the prefix among others lose it (refused elsewhere where it is their only one: prefixUsages). */
export function withoutPrefix(current: ConfigData, prefix: string): ConfigData {
  return {
    ...current,
    prefixes: current.prefixes.filter((rule) => rule.prefix !== prefix),
    agents: current.agents.map((agent) => ({ ...agent, allowedPrefixes: agent.allowedPrefixes.filter((other) => other !== prefix) })),
  };
}

/** A renamed trunk stays in its routes, at its place in their failover order. */
export function withTrunk(current: ConfigData, original: string | null, trunk: Trunk): ConfigData {
  const renamed = (name: string): string => (original !== null && name === original ? trunk.name : name);
  return {
    ...current,
    trunks: [...current.trunks.filter((other) => other.name !== original), trunk],
    routes: current.routes.map((route) => ({ ...route, trunks: route.trunks.map(renamed) })),
  };
}

/** Refused elsewhere while a route dials through it (trunkUsages). */
export function withoutTrunk(current: ConfigData, name: string): ConfigData {
  return { ...current, trunks: current.trunks.filter((trunk) => trunk.name !== name) };
}

/** Nothing refers to a route by name. */
export function withRoute(current: ConfigData, original: string | null, route: OutboundRoute): ConfigData {
  return { ...current, routes: [...current.routes.filter((existing) => existing.name !== original), route] };
}

export function withoutRoute(current: ConfigData, name: string): ConfigData {
  return { ...current, routes: current.routes.filter((route) => route.name !== name) };
}

export function withSettings(current: ConfigData, settings: Settings): ConfigData {
  return { ...current, settings };
}

// Schedules, inbound routes and menus are referred to by name: a renamed schedule is
// carried to the inbound routes that use it, a renamed menu to every destination naming it.

export function withSchedule(current: ConfigData, original: string | null, schedule: Schedule): ConfigData {
  const renamed = (name: string | null): string | null => (original !== null && name === original ? schedule.name : name);
  return {
    ...current,
    schedules: [...current.schedules.filter((existing) => existing.name !== original), schedule],
    inboundRoutes: current.inboundRoutes.map((route) => ({ ...route, schedule: renamed(route.schedule) })),
  };
}

/** Refused elsewhere while an inbound route uses it (scheduleUsages). */
export function withoutSchedule(current: ConfigData, name: string): ConfigData {
  return { ...current, schedules: current.schedules.filter((schedule) => schedule.name !== name) };
}

/** Nothing refers to an inbound route by name. */
export function withInboundRoute(current: ConfigData, original: string | null, route: InboundRoute): ConfigData {
  return { ...current, inboundRoutes: [...current.inboundRoutes.filter((existing) => existing.name !== original), route] };
}

export function withoutInboundRoute(current: ConfigData, name: string): ConfigData {
  return { ...current, inboundRoutes: current.inboundRoutes.filter((route) => route.name !== name) };
}

export function withMenu(current: ConfigData, original: string | null, menu: IvrMenu): ConfigData {
  const renamed = (destination: Destination): Destination =>
    original !== null && destination.kind === 'menu' && destination.menu === original ? { kind: 'menu', menu: menu.name } : destination;
  const carried = (other: IvrMenu): IvrMenu => ({
    ...other,
    invalidDestination: renamed(other.invalidDestination),
    timeoutDestination: renamed(other.timeoutDestination),
    options: other.options.map((option) =>
      option.target.kind === 'goto' ? { ...option, target: { kind: 'goto', destination: renamed(option.target.destination) } } : option,
    ),
  });
  return {
    ...current,
    menus: [...current.menus.filter((existing) => existing.name !== original), menu].map(carried),
    inboundRoutes: current.inboundRoutes.map((route) => ({
      ...route,
      destination: renamed(route.destination),
      closedDestination: route.closedDestination === null ? null : renamed(route.closedDestination),
    })),
  };
}

/** Refused elsewhere while a route or another menu leads to it (menuUsages). */
export function withoutMenu(current: ConfigData, name: string): ConfigData {
  return { ...current, menus: current.menus.filter((menu) => menu.name !== name) };
}
