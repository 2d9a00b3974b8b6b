import type { Role } from '../domain/users/roles.js';
import type { DashboardAccount } from '../data/repositories/dashboard-users.js';
import { ADMINS, EVERY_ROLE, ROUTING_EDITORS } from './access.js';

export interface NavItem {
  readonly href: string;
  readonly label: string;
  readonly roles: readonly Role[];
  /** Shown only to accounts linked to an agent. */
  readonly needsAgent?: boolean;
}

/** The sidebar, in order; an item appears only for the roles its page admits. */
export const NAVIGATION: readonly NavItem[] = [
  { href: '/dids', label: 'DIDs', roles: ROUTING_EDITORS },
  { href: '/agents', label: 'Agents', roles: ROUTING_EDITORS },
  { href: '/prefixes', label: 'Prefix rules', roles: ROUTING_EDITORS },
  { href: '/trunks', label: 'Trunks', roles: ROUTING_EDITORS },
  { href: '/routes', label: 'Outbound routes', roles: ROUTING_EDITORS },
  { href: '/inbound-routes', label: 'Inbound routes', roles: ROUTING_EDITORS },
  { href: '/schedules', label: 'Schedules', roles: ROUTING_EDITORS },
  { href: '/menus', label: 'IVR menus', roles: ROUTING_EDITORS },
  { href: '/settings', label: 'Settings', roles: ADMINS },
  { href: '/simulator', label: 'Simulator', roles: ROUTING_EDITORS },
  { href: '/live', label: 'Live floor', roles: ROUTING_EDITORS },
  { href: '/calls', label: 'Call history', roles: ROUTING_EDITORS },
  { href: '/decisions', label: 'Routing decisions', roles: ROUTING_EDITORS },
  { href: '/reports', label: 'Reports', roles: ROUTING_EDITORS },
  { href: '/health', label: 'Health', roles: ROUTING_EDITORS },
  { href: '/users', label: 'Users', roles: ADMINS },
  { href: '/history', label: 'Config history', roles: ROUTING_EDITORS },
  { href: '/config-transfer', label: 'Import / Export', roles: ADMINS },
  { href: '/sms', label: 'Conversations', roles: EVERY_ROLE },
  { href: '/profile', label: 'My profile', roles: EVERY_ROLE, needsAgent: true },
  { href: '/calls', label: 'My calls', roles: ['agent'], needsAgent: true },
  { href: '/live', label: 'My status', roles: ['agent'], needsAgent: true },
];

export interface NavLink {
  readonly href: string;
  readonly label: string;
  readonly current: boolean;
}

export function navigationFor(account: DashboardAccount, path: string): NavLink[] {
  return NAVIGATION.filter((item) => item.roles.includes(account.role) && (!item.needsAgent || account.agentExtension !== null)).map(
    (item) => ({ href: item.href, label: item.label, current: path === item.href || path.startsWith(`${item.href}/`) }),
  );
}

/** Where a signed-in user lands: the first page their role may open. */
export function homeFor(account: DashboardAccount): string {
  return navigationFor(account, '/')[0]?.href ?? '/profile';
}
