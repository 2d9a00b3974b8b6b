import type { Role } from '../../domain/users/roles.js';
import { Prisma, type PrismaClient } from '../prisma.js';

export interface DashboardAccount {
  readonly id: number;
  readonly username: string;
  readonly role: Role;
  readonly agentExtension: string | null;
  readonly enabled: boolean;
}

export interface NewDashboardUser {
  readonly username: string;
  readonly passwordHash: string;
  readonly role: Role;
  readonly agentExtension: string | null;
}

const ACCOUNT = { id: true, username: true, role: true, agentExtension: true, enabled: true } as const;

export class DashboardUserRepository {
  constructor(private readonly prisma: PrismaClient) {}

  findById(id: number): Promise<DashboardAccount | null> {
    return this.prisma.dashboardUser.findUnique({ where: { id }, select: ACCOUNT });
  }

  findForLogin(username: string): Promise<(DashboardAccount & { passwordHash: string }) | null> {
    return this.prisma.dashboardUser.findUnique({ where: { username }, select: { ...ACCOUNT, passwordHash: true } });
  }

  count(): Promise<number> {
    return this.prisma.dashboardUser.count();
  }

  /** False when the username is taken. */
  async create(user: NewDashboardUser): Promise<boolean> {
    try {
      await this.prisma.dashboardUser.create({ data: user });
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  /** False when there is no such user. */
  async setPassword(username: string, passwordHash: string): Promise<boolean> {
    const { count } = await this.prisma.dashboardUser.updateMany({ where: { username }, data: { passwordHash } });
    return count > 0;
  }

  /** Every account, for the users page (a handful of people, so no paging). */
  list(): Promise<(DashboardAccount & { lastLoginAt: Date | null; createdAt: Date })[]> {
    return this.prisma.dashboardUser.findMany({ orderBy: { username: 'asc' }, select: { ...ACCOUNT, lastLoginAt: true, createdAt: true } });
  }

  /** False when there is no such user. */
  async setRole(id: number, role: Role, agentExtension: string | null): Promise<boolean> {
    const { count } = await this.prisma.dashboardUser.updateMany({ where: { id }, data: { role, agentExtension } });
    return count > 0;
  }

  /** False when there is no such user. */
  async setEnabled(id: number, enabled: boolean): Promise<boolean> {
    const { count } = await this.prisma.dashboardUser.updateMany({ where: { id }, data: { enabled } });
    return count > 0;
  }

  /** False when there is no such user. */
  async setPasswordById(id: number, passwordHash: string): Promise<boolean> {
    const { count } = await this.prisma.dashboardUser.updateMany({ where: { id }, data: { passwordHash } });
    return count > 0;
  }

  /** The agents an `agent` account can be linked to, for pickers. */
  agentChoices(): Promise<{ extension: string; name: string }[]> {
    return this.prisma.agent.findMany({ orderBy: { extension: 'asc' }, select: { extension: true, name: true } });
  }

  async agentExists(extension: string): Promise<boolean> {
    return (await this.prisma.agent.count({ where: { extension } })) > 0;
  }

  async recordLogin(id: number, at: Date): Promise<void> {
    await this.prisma.dashboardUser.update({ where: { id }, data: { lastLoginAt: at } });
  }
}

export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
}
