import { hashPassword, verifyPassword } from '../../../auth/password.js';
import type { DashboardAccount } from '../../../data/repositories/dashboard-users.js';
import type { WebServices } from '../../services.js';

export type AuthenticationResult =
  | { readonly kind: 'accepted'; readonly account: DashboardAccount }
  | { readonly kind: 'refused' }
  | { readonly kind: 'throttled' };

// Unknown users cost one hash check too, so timing does not tell which usernames exist.
let unknownUserHash: Promise<string> | null = null;

export async function authenticate(
  services: Pick<WebServices, 'users' | 'loginThrottle'>,
  username: string,
  password: string,
  ip: string,
): Promise<AuthenticationResult> {
  const { users, loginThrottle } = services;
  if (await loginThrottle.isBlocked(username, ip)) return { kind: 'throttled' };
  const user = await users.findForLogin(username);
  unknownUserHash ??= hashPassword('unknown user');
  const matches = await verifyPassword(password, user?.passwordHash ?? (await unknownUserHash));
  if (user === null || !matches || !user.enabled) {
    await loginThrottle.recordFailure(username, ip);
    return { kind: 'refused' };
  }
  await loginThrottle.reset(username, ip);
  await users.recordLogin(user.id, new Date());
  const { passwordHash: _hash, ...account } = user;
  return { kind: 'accepted', account };
}
