// Checks of the inbound part of a configuration (schedules, inbound routes, IVR menus),
// with the YAML paths validateConfig() reports. Whatever an older configuration may
// legitimately lack (an inbound DID with no route yet) is a warning, not an issue.

import type { ConfigData } from '../config/types.js';
import { compilePattern } from '../numbers/pattern.js';
import { isDate, isTimeZone, rangeProblem, WEEKDAYS } from '../schedule/schedule.js';
import { isMenuKey, type IvrMenu } from '../ivr/menu.js';
import { isSound, type Destination } from './destination.js';
import { ANONYMOUS_CALLER } from './route.js';

type Report = (path: string, message: string) => void;

const LANGUAGE = /^[a-z]{2,3}([_-][A-Za-z0-9]+)?$/;
const MAX_TIMEOUT_MS = 120_000;

export function validateInbound(data: ConfigData, report: Report): void {
  validateSchedules(data, report);
  validateInboundRoutes(data, report);
  validateMenus(data, report);
}

/** Configured inbound DIDs that no enabled route matches: their calls take the dialplan's fallback. */
export function unroutedDids(data: ConfigData): string[] {
  const matchers = data.inboundRoutes.flatMap((route) => {
    if (!route.enabled) return [];
    const compiled = compilePattern(route.did);
    return compiled.ok ? [compiled.matcher] : [];
  });
  return data.dids.filter((did) => did.allowInbound && !matchers.some((matcher) => matcher.matches(did.number))).map((did) => did.number);
}

export function destinationProblem(destination: Destination, data: ConfigData): string | null {
  switch (destination.kind) {
    case 'menu':
      return data.menus.some((menu) => menu.name === destination.menu) ? null : `unknown menu ${destination.menu}`;
    case 'agent':
      return data.agents.some((agent) => agent.extension === destination.extension) ? null : `unknown agent ${destination.extension}`;
    case 'external': {
      const did = data.dids.find((candidate) => candidate.number === destination.did);
      if (did === undefined) return `unknown DID ${destination.did}`;
      return did.allowOutbound ? null : `DID ${destination.did} does not allow outbound`;
    }
    default:
      return null;
  }
}

function validateSchedules(data: ConfigData, report: Report): void {
  const seen = new Set<string>();
  data.schedules.forEach((schedule, index) => {
    const path = `schedules[${index}]`;
    checkName(schedule.name, seen, `${path}.name`, 'schedule', report);
    if (!isTimeZone(schedule.timeZone)) report(`${path}.timeZone`, `unknown time zone ${schedule.timeZone}`);
    if (schedule.weekly.length === 0) report(`${path}.weekly`, 'has no open time (add at least one weekly range)');
    schedule.weekly.forEach((range, rangeIndex) => {
      const rangePath = `${path}.weekly[${rangeIndex}]`;
      if (!(WEEKDAYS as readonly string[]).includes(range.day)) report(`${rangePath}.day`, `must be one of ${WEEKDAYS.join(', ')}`);
      const problem = rangeProblem(range);
      if (problem !== null) report(rangePath, problem);
    });
    const dates = new Set<string>();
    schedule.exceptions.forEach((exception, exceptionIndex) => {
      const exceptionPath = `${path}.exceptions[${exceptionIndex}]`;
      if (!isDate(exception.date)) report(`${exceptionPath}.date`, `${exception.date} is not a YYYY-MM-DD date`);
      if (dates.has(exception.date)) report(`${exceptionPath}.date`, `duplicate date ${exception.date}`);
      dates.add(exception.date);
      exception.ranges.forEach((range, rangeIndex) => {
        const problem = rangeProblem(range);
        if (problem !== null) report(`${exceptionPath}.ranges[${rangeIndex}]`, problem);
      });
    });
  });
}

function validateInboundRoutes(data: ConfigData, report: Report): void {
  const seen = new Set<string>();
  const schedules = new Set(data.schedules.map((schedule) => schedule.name));
  data.inboundRoutes.forEach((route, index) => {
    const path = `inboundRoutes[${index}]`;
    checkName(route.name, seen, `${path}.name`, 'inbound route', report);
    if (route.did.startsWith('_')) {
      const compiled = compilePattern(route.did);
      if (!compiled.ok) report(`${path}.did`, `${compiled.error} in pattern ${route.did}`);
    } else {
      const did = data.dids.find((candidate) => candidate.number === route.did);
      if (did === undefined) report(`${path}.did`, `unknown DID ${route.did}`);
      else if (!did.allowInbound) report(`${path}.did`, `DID ${route.did} does not allow inbound`);
    }
    const callerProblem = callerMatchProblem(route.caller);
    if (callerProblem !== null) report(`${path}.caller`, callerProblem);
    if (route.schedule !== null && !schedules.has(route.schedule)) report(`${path}.schedule`, `unknown schedule ${route.schedule}`);
    if (route.schedule !== null && route.closedDestination === null) report(`${path}.closed`, 'is required with a schedule');
    checkDestination(route.destination, `${path}.destination`, data, report);
    if (route.closedDestination !== null) checkDestination(route.closedDestination, `${path}.closed`, data, report);
  });
}

function validateMenus(data: ConfigData, report: Report): void {
  const seen = new Set<string>();
  const exits = menusWithExit(data.menus);
  data.menus.forEach((menu, index) => {
    const path = `menus[${index}]`;
    checkName(menu.name, seen, `${path}.name`, 'menu', report);
    if (!LANGUAGE.test(menu.language)) report(`${path}.language`, `${menu.language} is not a language code (e.g. en, fr, pt_BR)`);
    const sounds: [string, string | null][] = [
      ...menu.greeting.map((sound, soundIndex): [string, string] => [`${path}.greeting[${soundIndex}]`, sound]),
      ...menu.prompts.map((sound, soundIndex): [string, string] => [`${path}.prompts[${soundIndex}]`, sound]),
      [`${path}.invalidPrompt`, menu.invalidPrompt],
      [`${path}.timeoutPrompt`, menu.timeoutPrompt],
    ];
    for (const [soundPath, sound] of sounds) {
      if (sound !== null && !isSound(sound)) report(soundPath, `"${sound}" is not a sound name or http(s) URL`);
    }
    checkTimeout(menu.digitTimeoutMs, `${path}.digitTimeoutMs`, report);
    checkTimeout(menu.interDigitTimeoutMs, `${path}.interDigitTimeoutMs`, report);
    if (!Number.isInteger(menu.maxRetries) || menu.maxRetries < 0 || menu.maxRetries > 10) {
      report(`${path}.maxRetries`, 'must be a whole number from 0 to 10');
    }
    checkDestination(menu.invalidDestination, `${path}.invalid`, data, report);
    checkDestination(menu.timeoutDestination, `${path}.timeout`, data, report);
    const keys = new Set<string>();
    menu.options.forEach((option, optionIndex) => {
      const optionPath = `${path}.options[${optionIndex}]`;
      if (!isMenuKey(option.key)) report(`${optionPath}.key`, 'must be one of 0-9, * or #');
      if (keys.has(option.key)) report(`${optionPath}.key`, `duplicate key ${option.key}`);
      keys.add(option.key);
      if (option.target.kind === 'goto') checkDestination(option.target.destination, `${optionPath}.to`, data, report);
    });
    if (menu.name !== '' && !exits.has(menu.name)) {
      report(path, 'every key, timeout and wrong key leads only to menus that never leave (a loop of sub-menus with no exit)');
    }
  });
}

/** Menus from which some path reaches a destination other than a menu. */
function menusWithExit(menus: readonly IvrMenu[]): Set<string> {
  const targets = new Map(menus.map((menu) => [menu.name, destinationsOf(menu)]));
  const exits = new Set<string>();
  let grew = true;
  while (grew) {
    grew = false;
    for (const [name, destinations] of targets) {
      if (exits.has(name)) continue;
      if (destinations.some((destination) => destination.kind !== 'menu' || exits.has(destination.menu))) {
        exits.add(name);
        grew = true;
      }
    }
  }
  return exits;
}

function destinationsOf(menu: IvrMenu): Destination[] {
  const options = menu.options.flatMap((option) => (option.target.kind === 'goto' ? [option.target.destination] : []));
  return [menu.invalidDestination, menu.timeoutDestination, ...options];
}

function callerMatchProblem(caller: string | null): string | null {
  if (caller === null || caller.toLowerCase() === ANONYMOUS_CALLER) return null;
  if (caller.startsWith('_')) {
    const compiled = compilePattern(caller);
    return compiled.ok ? null : `${compiled.error} in pattern ${caller}`;
  }
  return /^\+?[0-9]+$/.test(caller) ? null : `must be a number, a pattern (_07X.) or ${ANONYMOUS_CALLER}`;
}

function checkDestination(destination: Destination, path: string, data: ConfigData, report: Report): void {
  const problem = destinationProblem(destination, data);
  if (problem !== null) report(path, problem);
}

function checkTimeout(ms: number, path: string, report: Report): void {
  if (!Number.isInteger(ms) || ms < 100 || ms > MAX_TIMEOUT_MS) report(path, `must be a whole number of milliseconds from 100 to ${MAX_TIMEOUT_MS}`);
}

function checkName(name: string, seen: Set<string>, path: string, what: string, report: Report): void {
  if (!/^[A-Za-z0-9_.-]+$/.test(name)) report(path, 'must be letters, digits, _ . or -');
  if (seen.has(name)) report(path, `${name} is already another ${what}'s name; choose a different name`);
  seen.add(name);
}
