import type { Destination } from '../inbound/destination.js';
import type { ConfigData } from './types.js';

// What keeps an item from being deleted: each answer names what refers to it, so the
// dashboard can say what to change first. Empty: the item may go.

export type DidUsage =
  | { readonly kind: 'agent'; readonly extension: string; readonly name: string }
  | { readonly kind: 'prefix'; readonly prefix: string }
  | { readonly kind: 'route'; readonly name: string }
  | { readonly kind: 'inbound-route'; readonly name: string }
  | { readonly kind: 'settings' };

/** An agent allowed only this prefix: without it the agent's empty list would allow every prefix. */
export interface PrefixUsage {
  readonly kind: 'only-prefix-of-agent';
  readonly extension: string;
  readonly name: string;
}

/** Every outbound caller-ID setting that names the DID, and the inbound routes for exactly this DID. */
export function didUsages(data: ConfigData, number: string): DidUsage[] {
  return [
    ...data.agents
      .filter((agent) => agent.defaultDid === number)
      .map((agent): DidUsage => ({ kind: 'agent', extension: agent.extension, name: agent.name })),
    ...data.prefixes.filter((rule) => rule.did === number).map((rule): DidUsage => ({ kind: 'prefix', prefix: rule.prefix })),
    ...data.routes.filter((route) => route.callerIdDid === number).map((route): DidUsage => ({ kind: 'route', name: route.name })),
    ...data.inboundRoutes.filter((route) => route.did === number).map((route): DidUsage => ({ kind: 'inbound-route', name: route.name })),
    ...(data.settings.defaultDid === number ? [{ kind: 'settings' } as const] : []),
  ];
}

/** The names of the routes that dial through the trunk. */
export function trunkUsages(data: ConfigData, name: string): string[] {
  return data.routes.filter((route) => route.trunks.includes(name)).map((route) => route.name);
}

export function prefixUsages(data: ConfigData, prefix: string): PrefixUsage[] {
  return data.agents
    .filter((agent) => agent.allowedPrefixes.length === 1 && agent.allowedPrefixes[0] === prefix)
    .map((agent): PrefixUsage => ({ kind: 'only-prefix-of-agent', extension: agent.extension, name: agent.name }));
}

/**
 * The prefixes of rules restricted to this agent alone: without it a rule's empty list
 * would open the prefix to every agent.
 */
export function agentUsages(data: ConfigData, extension: string): string[] {
  return data.prefixes
    .filter((rule) => rule.agents.length > 0 && rule.agents.every((other) => other === extension))
    .map((rule) => rule.prefix);
}

/** The inbound routes that follow the schedule. */
export function scheduleUsages(data: ConfigData, name: string): string[] {
  return data.inboundRoutes.filter((route) => route.schedule === name).map((route) => route.name);
}

/** What sends callers to a menu: an inbound route (open or closed) or another menu's key, timeout or wrong key. */
export type MenuUsage = { readonly kind: 'inbound-route'; readonly name: string } | { readonly kind: 'menu'; readonly name: string };

export function menuUsages(data: ConfigData, name: string): MenuUsage[] {
  const leadsHere = (destination: Destination | null): boolean => destination?.kind === 'menu' && destination.menu === name;
  return [
    ...data.inboundRoutes
      .filter((route) => leadsHere(route.destination) || leadsHere(route.closedDestination))
      .map((route): MenuUsage => ({ kind: 'inbound-route', name: route.name })),
    ...data.menus
      .filter(
        (menu) =>
          menu.name !== name &&
          (leadsHere(menu.invalidDestination) ||
            leadsHere(menu.timeoutDestination) ||
            menu.options.some((option) => option.target.kind === 'goto' && leadsHere(option.target.destination))),
      )
      .map((menu): MenuUsage => ({ kind: 'menu', name: menu.name })),
  ];
}
