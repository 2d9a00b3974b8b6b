import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { hashPassword, MIN_PASSWORD_LENGTH } from '../../auth/password.js';
import { isRole, ROLES } from '../../domain/users/roles.js';
import { DashboardUserRepository } from '../../data/repositories/dashboard-users.js';
import type { CliContext } from '../context.js';
import { UsageError } from '../usage.js';

const USAGE = `mayday user add USERNAME --role ${ROLES.join('|')} [--agent EXTENSION] [--password PASSWORD]
       mayday user passwd USERNAME [--password PASSWORD]
  Without --password, the password is read from MAYDAY_PASSWORD, else asked for (or read from stdin).`;

const USERNAME = /^[A-Za-z0-9._@-]{1,64}$/;

/** `mayday user add|passwd`: dashboard accounts from the command line. */
export async function runUserCommand(argv: readonly string[], ctx: CliContext): Promise<number> {
  const [action, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: [...rest],
    options: { role: { type: 'string' }, agent: { type: 'string' }, password: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  const [username, ...extra] = positionals;
  if (username === undefined || extra.length > 0 || !USERNAME.test(username)) throw new UsageError(USAGE);
  const users = new DashboardUserRepository(ctx.prisma);

  if (action === 'add') {
    const role = values.role ?? '';
    if (!isRole(role)) throw new UsageError(USAGE);
    const agentExtension = values.agent ?? null;
    if ((role === 'agent') !== (agentExtension !== null)) {
      ctx.out(role === 'agent' ? 'an agent account needs --agent EXTENSION' : '--agent is only for --role agent');
      return 2;
    }
    if (agentExtension !== null && (await ctx.prisma.agent.count({ where: { extension: agentExtension } })) === 0) {
      ctx.out(`no agent with extension ${agentExtension}`);
      return 1;
    }
    const password = await readPassword(values.password);
    if (password === null) return passwordTooShort(ctx);
    if (!(await users.create({ username, role, agentExtension, passwordHash: await hashPassword(password) }))) {
      ctx.out(`user ${username} already exists (use: mayday user passwd ${username})`);
      return 1;
    }
    ctx.out(`created ${role} ${username}${agentExtension === null ? '' : ` for agent ${agentExtension}`}`);
    return 0;
  }

  if (action === 'passwd') {
    if (values.role !== undefined || values.agent !== undefined) throw new UsageError(USAGE);
    const password = await readPassword(values.password);
    if (password === null) return passwordTooShort(ctx);
    if (!(await users.setPassword(username, await hashPassword(password)))) {
      ctx.out(`no user ${username}`);
      return 1;
    }
    ctx.out(`password of ${username} changed`);
    return 0;
  }

  throw new UsageError(USAGE);
}

function passwordTooShort(ctx: CliContext): number {
  ctx.out(`the password must have at least ${MIN_PASSWORD_LENGTH} characters`);
  return 2;
}

/** The password from the flag, MAYDAY_PASSWORD or the terminal; null when too short. */
async function readPassword(flag: string | undefined): Promise<string | null> {
  const password = flag ?? process.env.MAYDAY_PASSWORD ?? (await prompt('Password: '));
  return password.length >= MIN_PASSWORD_LENGTH ? password : null;
}

/** One line from stdin; on a terminal the typed characters are not echoed. */
function prompt(question: string): Promise<string> {
  const terminal = process.stdin.isTTY === true;
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal });
  if (terminal) {
    process.stderr.write(question);
    // Keep readline from echoing what is typed.
    (rl as unknown as { _writeToOutput: (text: string) => void })._writeToOutput = () => undefined;
  }
  return new Promise((resolve) => {
    rl.once('line', (line) => {
      rl.close();
      if (terminal) process.stderr.write('\n');
      resolve(line);
    });
    rl.once('close', () => resolve(''));
  });
}
