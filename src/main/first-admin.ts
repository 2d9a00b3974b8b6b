import type { Logger } from 'pino';
import type { DashboardUserRepository } from '../data/repositories/dashboard-users.js';
import { generatePassword, hashPassword } from '../auth/password.js';

export const FIRST_ADMIN_USERNAME = 'admin';

/**
 * On a first start (no dashboard user at all) creates `admin` with ADMIN_PASSWORD or a
 * generated password, which is logged this once and stored only as a hash.
 */
export async function ensureFirstAdmin(users: DashboardUserRepository, adminPassword: string | null, log: Logger): Promise<void> {
  if ((await users.count()) > 0) return;
  const password = adminPassword ?? generatePassword();
  const created = await users.create({
    username: FIRST_ADMIN_USERNAME,
    passwordHash: await hashPassword(password),
    role: 'admin',
    agentExtension: null,
  });
  // Another instance starting at the same moment created it first.
  if (!created) return;
  if (adminPassword === null) {
    log.warn(
      { username: FIRST_ADMIN_USERNAME, password },
      'created the first dashboard user; this generated password is shown only now: sign in and keep it safe',
    );
  } else {
    log.warn({ username: FIRST_ADMIN_USERNAME }, 'created the first dashboard user with ADMIN_PASSWORD');
  }
}
