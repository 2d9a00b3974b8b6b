import type { FastifyRequest } from 'fastify';
import { ROLES, type Role } from '../domain/users/roles.js';
import type { DashboardAccount } from '../data/repositories/dashboard-users.js';
import { HttpError } from './errors.js';

/**
 * Who may call a route, declared on every route as `config: { access }`:
 * - `static`: served without looking at sessions at all (assets, health probe);
 * - `public`: no session required, but one is read if present (login);
 * - a list of roles: a session whose user has one of them.
 */
export type Access = 'static' | 'public' | readonly Role[];

export const EVERY_ROLE: readonly Role[] = ROLES;
/** Routing data and reports. */
export const ROUTING_EDITORS: readonly Role[] = ['admin', 'manager'];
/** Users, system settings, import/export. */
export const ADMINS: readonly Role[] = ['admin'];

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
}

/** The signed-in account of a route that declared roles (the access hook has checked it). */
export function accountOf(request: FastifyRequest): DashboardAccount {
  if (request.account === null) throw new HttpError(401, 'Please sign in.');
  return request.account;
}
