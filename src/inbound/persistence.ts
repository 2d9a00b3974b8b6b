// Rows ↔ domain values for schedules, inbound routes and IVR menus. Destinations are
// stored in their text form; a row that no longer parses is an error (the snapshot reload
// fails and the last good snapshot keeps serving), never a silently different route.

import type { ConfigData } from '../domain/config/types.js';
import { formatDestination, parseDestination, type Destination } from '../domain/inbound/destination.js';
import type { InboundRoute } from '../domain/inbound/route.js';
import type { IvrMenu, MenuKey, MenuOption } from '../domain/ivr/menu.js';
import type { Schedule, ScheduleException, TimeRange, WeeklyRange, Weekday } from '../domain/schedule/schedule.js';
import { sortWeekly } from '../domain/schedule/weekly.js';
import type { Prisma, PrismaClient } from '../data/prisma.js';

type Reader = PrismaClient | Prisma.TransactionClient;
type InboundData = Pick<ConfigData, 'schedules' | 'inboundRoutes' | 'menus'>;

const REPEAT = 'repeat';

export async function loadInboundData(db: Reader): Promise<InboundData> {
  const [schedules, routes, menus] = await Promise.all([
    db.schedule.findMany({ orderBy: { name: 'asc' } }),
    db.inboundRoute.findMany({ orderBy: { name: 'asc' } }),
    db.ivrMenu.findMany({ orderBy: { name: 'asc' } }),
  ]);
  return { schedules: schedules.map(scheduleOf), inboundRoutes: routes.map(inboundRouteOf), menus: menus.map(menuOf) };
}

type ScheduleRecord = Awaited<ReturnType<PrismaClient['schedule']['findFirstOrThrow']>>;
type InboundRouteRecord = Awaited<ReturnType<PrismaClient['inboundRoute']['findFirstOrThrow']>>;
type MenuRecord = Awaited<ReturnType<PrismaClient['ivrMenu']['findFirstOrThrow']>>;

export function scheduleOf(row: ScheduleRecord): Schedule {
  return {
    name: row.name,
    timeZone: row.timeZone,
    weekly: sortWeekly(records(row.weekly).map((range) => ({ day: text(range.day) as Weekday, ...timeRange(range) }))),
    exceptions: records(row.exceptions).map((exception) => ({
      date: text(exception.date),
      label: text(exception.label),
      ranges: records(exception.ranges).map(timeRange),
    })),
  };
}

export function inboundRouteOf(row: InboundRouteRecord): InboundRoute {
  return {
    name: row.name,
    did: row.did,
    caller: row.caller,
    schedule: row.scheduleName,
    destination: destination(row.destination, `inbound route ${row.name}`),
    closedDestination: row.closedDestination === null ? null : destination(row.closedDestination, `inbound route ${row.name}`),
    enabled: row.enabled,
  };
}

export function menuOf(row: MenuRecord): IvrMenu {
  return {
    name: row.name,
    language: row.language,
    greeting: texts(row.greeting),
    prompts: texts(row.prompts),
    digitTimeoutMs: row.digitTimeoutMs,
    interDigitTimeoutMs: row.interDigitTimeoutMs,
    maxRetries: row.maxRetries,
    invalidPrompt: row.invalidPrompt,
    timeoutPrompt: row.timeoutPrompt,
    invalidDestination: destination(row.invalidDestination, `menu ${row.name}`),
    timeoutDestination: destination(row.timeoutDestination, `menu ${row.name}`),
    options: records(row.options).map((option): MenuOption => {
      const to = text(option.to);
      return {
        key: text(option.key) as MenuKey,
        target: to === REPEAT ? { kind: 'repeat' } : { kind: 'goto', destination: destination(to, `menu ${row.name}`) },
      };
    }),
    directDial: row.directDial,
    bargeIn: row.bargeIn,
  };
}

/** Makes the tables hold exactly `data`'s schedules, inbound routes and menus (by name). */
export async function writeInboundData(tx: Prisma.TransactionClient, data: InboundData): Promise<void> {
  for (const schedule of data.schedules) {
    const fields = scheduleFields(schedule);
    await tx.schedule.upsert({ where: { name: schedule.name }, create: { name: schedule.name, ...fields }, update: fields });
  }
  for (const route of data.inboundRoutes) {
    const fields = inboundRouteFields(route);
    await tx.inboundRoute.upsert({ where: { name: route.name }, create: { name: route.name, ...fields }, update: fields });
  }
  for (const menu of data.menus) {
    const fields = menuFields(menu);
    await tx.ivrMenu.upsert({ where: { name: menu.name }, create: { name: menu.name, ...fields }, update: fields });
  }
  await tx.inboundRoute.deleteMany({ where: { name: { notIn: data.inboundRoutes.map((route) => route.name) } } });
  await tx.schedule.deleteMany({ where: { name: { notIn: data.schedules.map((schedule) => schedule.name) } } });
  await tx.ivrMenu.deleteMany({ where: { name: { notIn: data.menus.map((menu) => menu.name) } } });
}

export function scheduleFields(schedule: Schedule) {
  return {
    timeZone: schedule.timeZone,
    weekly: schedule.weekly.map((range: WeeklyRange) => ({ day: range.day, start: range.start, end: range.end })),
    exceptions: schedule.exceptions.map((exception: ScheduleException) => ({
      date: exception.date,
      label: exception.label,
      ranges: exception.ranges.map((range) => ({ start: range.start, end: range.end })),
    })),
  };
}

export function inboundRouteFields(route: InboundRoute) {
  return {
    did: route.did,
    caller: route.caller,
    scheduleName: route.schedule,
    destination: formatDestination(route.destination),
    closedDestination: route.closedDestination === null ? null : formatDestination(route.closedDestination),
    enabled: route.enabled,
  };
}

export function menuFields(menu: IvrMenu) {
  return {
    language: menu.language,
    greeting: [...menu.greeting],
    prompts: [...menu.prompts],
    digitTimeoutMs: menu.digitTimeoutMs,
    interDigitTimeoutMs: menu.interDigitTimeoutMs,
    maxRetries: menu.maxRetries,
    invalidPrompt: menu.invalidPrompt,
    timeoutPrompt: menu.timeoutPrompt,
    invalidDestination: formatDestination(menu.invalidDestination),
    timeoutDestination: formatDestination(menu.timeoutDestination),
    options: menu.options.map((option) => ({
      key: option.key,
      to: option.target.kind === 'repeat' ? REPEAT : formatDestination(option.target.destination),
    })),
    directDial: menu.directDial,
    bargeIn: menu.bargeIn,
  };
}

function destination(stored: string, owner: string): Destination {
  const parsed = parseDestination(stored);
  if (!parsed.ok) throw new Error(`${owner}: stored destination unreadable: ${parsed.error}`);
  return parsed.destination;
}

type Row = Record<string, unknown>;

function records(value: unknown): Row[] {
  return Array.isArray(value) ? value.filter((item): item is Row => typeof item === 'object' && item !== null) : [];
}

function texts(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function timeRange(row: Row): TimeRange {
  return { start: text(row.start), end: text(row.end) };
}
