// Checks a configuration before it is saved or imported. Paths use the YAML keys
// (`outboundRoutes`, `callerId`, agent `prefixes`) so an issue points at the line to fix.

import { validateInbound } from '../inbound/validate.js';
import { compilePattern } from '../numbers/pattern.js';
import { createSnapshot, type CompiledRoute } from './snapshot.js';
import { NUMBER_FORMATS, type ConfigData, type Did, type PrefixRule } from './types.js';

/**
 * One problem, in plain words: `message` follows the field's name ("Number …" in a form,
 * `dids[4].number: …` in an import), says what is wrong and what to do about it.
 */
export interface ConfigIssue {
  readonly path: string;
  readonly message: string;
  /** The other item's path when two items clash (a prefix that starts another one). */
  readonly related?: string;
}

export interface RouteShadow {
  readonly route: string;
  readonly pattern: string;
}

const DIGITS = /^[0-9]+$/;
const DIALABLE = /^\+?[0-9*#]*$/;

export function formatIssue(issue: ConfigIssue): string {
  return `${issue.path}: ${issue.message}`;
}

export function validateConfig(data: ConfigData): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const report: Report = (path, message, related) => {
    issues.push(related === undefined ? { path, message } : { path, message, related });
  };
  const dids = new Map(data.dids.map((did) => [did.number, did]));
  const checkOutboundDid = (path: string, number: string | null): void => {
    const problem = outboundDidProblem(number, dids);
    if (problem !== null) report(path, problem);
  };

  validateSettings(data, report, checkOutboundDid);
  validateTrunks(data, report);
  validateDids(data, report);
  validateAgents(data, report, checkOutboundDid);
  validatePrefixes(data, report, dids);
  validateRoutes(data, report, checkOutboundDid);
  validateInbound(data, report);
  return issues;
}

/**
 * The patterns that a number made of `prefix` and anything after it could match directly:
 * for such numbers a caller could mean either the prefix or the route.
 */
export function prefixShadowsRoute(
  prefix: string,
  routes: readonly Pick<CompiledRoute, 'name' | 'matchers'>[],
): RouteShadow[] {
  return routes.flatMap((route) =>
    route.matchers
      .filter((matcher) => matcher.acceptsNumbersStartingWith(prefix))
      .map((matcher) => ({ route: route.name, pattern: matcher.source })),
  );
}

/**
 * Issues the proposed configuration has and the current one has not: a problem saved
 * earlier (by hand in SQL, say) does not block unrelated edits.
 */
export function introducedIssues(current: ConfigData, proposed: ConfigData): ConfigIssue[] {
  const existing = new Set(validateConfig(current).map(issueKey));
  return validateConfig(proposed).filter((issue) => !existing.has(issueKey(issue)));
}

/**
 * A new or changed prefix must not begin numbers an enabled route dials directly: one issue
 * per shadowed pattern, at the prefix of `rule` (the last prefix of `proposed`). A prefix
 * kept as it was (`original`) is not judged again.
 */
export function prefixShadowIssues(proposed: ConfigData, original: string | null, rule: PrefixRule): ConfigIssue[] {
  if (original === rule.prefix) return [];
  const path = `prefixes[${proposed.prefixes.length - 1}].prefix`;
  return prefixShadowsRoute(rule.prefix, createSnapshot(proposed, 0).routes).map((shadow) => ({
    path,
    message:
      `${rule.prefix} would hide route ${shadow.route} (pattern ${shadow.pattern}): a number starting ${rule.prefix} would be read as ` +
      `prefix ${rule.prefix} + number; choose a prefix that no enabled route's pattern starts with`,
  }));
}

function issueKey(issue: ConfigIssue): string {
  return `${issue.path}\u0000${issue.message}`;
}

type Report = (path: string, message: string, related?: string) => void;
type CheckOutboundDid = (path: string, number: string | null) => void;

function validateSettings(data: ConfigData, report: Report, checkOutboundDid: CheckOutboundDid): void {
  const { settings } = data;
  if (!DIGITS.test(settings.countryCode)) report('settings.countryCode', 'must be digits only');
  if (settings.nationalPrefix !== '' && !DIGITS.test(settings.nationalPrefix)) {
    report('settings.nationalPrefix', 'must be digits only');
  }
  if (settings.internationalPrefix !== '' && !DIGITS.test(settings.internationalPrefix)) {
    report('settings.internationalPrefix', 'must be digits only');
  }
  checkOutboundDid('settings.defaultDid', settings.defaultDid);
  settings.emergencyNumbers.forEach((number, index) => {
    if (!DIGITS.test(number)) report(`settings.emergencyNumbers[${index}]`, 'must be digits only');
  });
}

function validateTrunks(data: ConfigData, report: Report): void {
  const seen = new Set<string>();
  data.trunks.forEach((trunk, index) => {
    const path = `trunks[${index}]`;
    if (trunk.name === '') report(`${path}.name`, 'is required');
    checkUnique(seen, trunk.name, `${path}.name`, (name) => `${name} is already another trunk's name; choose a different name`, report);
    if (!trunk.dial.includes('{number}')) report(`${path}.dial`, 'must contain {number} where the dialed number goes, e.g. PJSIP/{number}@main_trunk');
    if (!NUMBER_FORMATS.includes(trunk.numberFormat)) {
      report(`${path}.numberFormat`, `must be one of ${NUMBER_FORMATS.join(', ')}`);
    }
  });
}

function validateDids(data: ConfigData, report: Report): void {
  const seen = new Set<string>();
  data.dids.forEach((did, index) => {
    const path = `dids[${index}].number`;
    if (!DIGITS.test(did.number)) report(path, 'must be digits only');
    checkUnique(seen, did.number, path, (number) => `${number} is already a DID; enter another number, or edit the existing DID`, report);
  });
}

function validateAgents(data: ConfigData, report: Report, checkOutboundDid: CheckOutboundDid): void {
  const prefixes = new Set(data.prefixes.map((rule) => rule.prefix));
  const seen = new Set<string>();
  data.agents.forEach((agent, index) => {
    const path = `agents[${index}]`;
    if (!DIGITS.test(agent.extension)) report(`${path}.extension`, 'must be digits only');
    checkUnique(seen, agent.extension, `${path}.extension`, (extension) => `${extension} is already another agent's extension; choose a free one`, report);
    checkOutboundDid(`${path}.defaultDid`, agent.defaultDid);
    agent.allowedPrefixes.forEach((prefix, prefixIndex) => {
      if (!prefixes.has(prefix)) report(`${path}.prefixes[${prefixIndex}]`, `${prefix} is not a prefix rule; add it under Prefix rules first, or leave it out`);
    });
  });
}

function validatePrefixes(data: ConfigData, report: Report, dids: ReadonlyMap<string, Did>): void {
  const agents = new Set(data.agents.map((agent) => agent.extension));
  const seen = new Set<string>();
  data.prefixes.forEach((rule, index) => {
    const path = `prefixes[${index}]`;
    if (!DIGITS.test(rule.prefix)) report(`${path}.prefix`, 'must be digits only');
    checkUnique(seen, rule.prefix, `${path}.prefix`, (prefix) => `${prefix} already exists; edit that prefix rule instead`, report);
    // A prefix may point at a DID that does not allow outbound; calls through it are refused at call time.
    if (!dids.has(rule.did)) report(`${path}.did`, notADid(rule.did));
    rule.agents.forEach((extension, agentIndex) => {
      if (!agents.has(extension)) report(`${path}.agents[${agentIndex}]`, `${extension} is not an agent's extension; add the agent first, or leave it out`);
    });
    data.prefixes.forEach((other, otherIndex) => {
      if (rule.prefix !== '' && other.prefix !== rule.prefix && other.prefix.startsWith(rule.prefix)) {
        report(`${path}.prefix`, prefixCollision(other.prefix), `prefixes[${otherIndex}].prefix`);
      }
    });
  });
}

function validateRoutes(data: ConfigData, report: Report, checkOutboundDid: CheckOutboundDid): void {
  const trunks = new Map(data.trunks.map((trunk) => [trunk.name, trunk]));
  const seen = new Set<string>();
  data.routes.forEach((route, index) => {
    const path = `outboundRoutes[${index}]`;
    if (route.name === '') report(`${path}.name`, 'is required');
    checkUnique(seen, route.name, `${path}.name`, (name) => `${name} is already another route's name; choose a different name`, report);
    if (route.patterns.length === 0) report(`${path}.patterns`, 'needs at least one pattern, e.g. _07XXXXXXXX');
    route.patterns.forEach((pattern, patternIndex) => {
      const result = compilePattern(pattern);
      if (!result.ok) report(`${path}.patterns[${patternIndex}]`, `${result.error} in pattern ${pattern}`);
    });
    if (!Number.isInteger(route.strip) || route.strip < 0) report(`${path}.strip`, 'must be a whole number, 0 or more');
    if (!DIALABLE.test(route.prepend)) report(`${path}.prepend`, 'must be digits, * or #, with an optional leading +');
    checkOutboundDid(`${path}.callerId`, route.callerIdDid);
    route.trunks.forEach((name, trunkIndex) => {
      if (!trunks.has(name)) report(`${path}.trunks[${trunkIndex}]`, `${name} is not a trunk; add it under Trunks first, or take it off this route`);
    });
    // A disabled route may wait for its trunks; an enabled one would refuse every call.
    if (route.enabled && !route.trunks.some((name) => trunks.get(name)?.enabled === true)) {
      report(`${path}.trunks`, 'needs at least one enabled trunk; add one, or enable one under Trunks');
    }
  });
}

/** Two prefixes where one starts the other: said at the shorter one. */
export function prefixCollision(longer: string): string {
  return `collides with prefix ${longer} (one is the start of the other, so a dialed number could mean either); choose a prefix that does not start another one`;
}

function checkUnique(seen: Set<string>, key: string, path: string, taken: (key: string) => string, report: Report): void {
  if (seen.has(key)) report(path, taken(key));
  seen.add(key);
}

function notADid(number: string): string {
  return `${number} is not a DID; add it under DIDs first, or choose an existing one`;
}

function outboundDidProblem(number: string | null, dids: ReadonlyMap<string, Did>): string | null {
  if (number === null) return null;
  const did = dids.get(number);
  if (did === undefined) return notADid(number);
  return did.allowOutbound ? null : `${number} does not allow outbound calls; tick "Allow as outbound caller ID" on that DID, or choose another`;
}
