import t from 'tap';
import { verifyPassword } from '../../src/auth/password.js';
import { runUserCommand } from '../../src/cli/commands/user.js';
import type { CliContext } from '../../src/cli/context.js';
import { UsageError } from '../../src/cli/usage.js';
import { loadConfig } from '../../src/config/env.js';
import { createTestDatabase } from '../support/database.js';
import { silentLogger } from '../support/logger.js';

const db = await createTestDatabase(t);
await db.prisma.agent.create({ data: { extension: '1009', name: 'Agent 1009' } });
const lines: string[] = [];
const ctx: CliContext = { config: loadConfig({ DATABASE_URL: db.url }), prisma: db.prisma, log: silentLogger(), out: (line) => lines.push(line) };

t.test('user add creates a hashed account', async (t) => {
  t.equal(await runUserCommand(['add', 'alice', '--role', 'manager', '--password', 'alice-long-password'], ctx), 0);
  const alice = await db.prisma.dashboardUser.findUniqueOrThrow({ where: { username: 'alice' } });
  t.equal(alice.role, 'manager');
  t.equal(await verifyPassword('alice-long-password', alice.passwordHash), true);
  t.equal(await runUserCommand(['add', 'alice', '--role', 'manager', '--password', 'alice-long-password'], ctx), 1, 'taken');
  t.match(lines.at(-1), /already exists/);
});

t.test('an agent account is tied to an existing agent', async (t) => {
  t.equal(await runUserCommand(['add', 'bob', '--role', 'agent', '--password', 'bob-long-password'], ctx), 2);
  t.equal(await runUserCommand(['add', 'bob', '--role', 'agent', '--agent', '4242', '--password', 'bob-long-password'], ctx), 1);
  process.env.MAYDAY_PASSWORD = 'bob-from-environment';
  t.teardown(() => void delete process.env.MAYDAY_PASSWORD);
  t.equal(await runUserCommand(['add', 'bob', '--role', 'agent', '--agent', '1009'], ctx), 0);
  const bob = await db.prisma.dashboardUser.findUniqueOrThrow({ where: { username: 'bob' } });
  t.equal(bob.agentExtension, '1009');
  t.equal(await verifyPassword('bob-from-environment', bob.passwordHash), true);
});

t.test('user passwd changes the password; short passwords and bad usage are refused', async (t) => {
  t.equal(await runUserCommand(['passwd', 'alice', '--password', 'short'], ctx), 2);
  t.equal(await runUserCommand(['passwd', 'alice', '--password', 'a-new-long-password'], ctx), 0);
  const alice = await db.prisma.dashboardUser.findUniqueOrThrow({ where: { username: 'alice' } });
  t.equal(await verifyPassword('a-new-long-password', alice.passwordHash), true);
  t.equal(await runUserCommand(['passwd', 'nobody', '--password', 'a-new-long-password'], ctx), 1);
  await t.rejects(runUserCommand(['add', 'carol', '--role', 'owner', '--password', 'x'.repeat(12)], ctx), UsageError);
  await t.rejects(runUserCommand(['remove', 'alice'], ctx), UsageError);
});
