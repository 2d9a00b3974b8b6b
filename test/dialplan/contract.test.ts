import { readFileSync } from 'node:fs';
import t from 'tap';
import { OutboundResults, OutboundVars, callerIdNumberVar, dialStringVar } from '../../src/outbound/channel-vars.js';
import { createSnapshot } from '../../src/domain/config/snapshot.js';
import { compilePattern } from '../../src/domain/numbers/pattern.js';
import { decideOutbound, REJECT_REASONS } from '../../src/domain/outbound/decide.js';
import { fixtureConfig } from '../fixtures/config.js';

const conf = readFileSync(new URL('../../dialplan/extensions_mayday.conf', import.meta.url), 'utf8');
const readme = readFileSync(new URL('../../dialplan/README.md', import.meta.url), 'utf8');
const dialplanLines = conf.split('\n').filter((line) => !line.trimStart().startsWith(';'));

const globals = new Set(
  conf
    .split(/^\[/m)
    .filter((section) => section.startsWith('globals]'))
    .flatMap((section) => [...section.matchAll(/^(MAYDAY_\w+)=/gm)].map((match) => match[1]!)),
);
const setByDialplan = new Set([...conf.matchAll(/Set\((MAYDAY_\w+)=/g)].map((match) => match[1]!));
const appVariables = new Set<string>(Object.values(OutboundVars));
const perAttempt = [dialStringVar(1).replace(/1$/, ''), callerIdNumberVar(1).replace(/1$/, '')];

t.test('every MAYDAY_ variable the dialplan reads is set by Mayday or by the dialplan itself', async (t) => {
  const read = new Set([...dialplanLines.join('\n').matchAll(/\$\{(MAYDAY_[A-Z_]+?)(?:\$\{|\})/g)].map((match) => match[1]!));
  t.ok(read.size >= 8, `found ${read.size} variables read`);
  for (const name of read) {
    const known = appVariables.has(name) || globals.has(name) || setByDialplan.has(name) || perAttempt.includes(name);
    t.ok(known, `${name} is defined`);
  }
});

t.test('the dialplan compares MAYDAY_RESULT only with the results Mayday writes', async (t) => {
  const compared = [...conf.matchAll(/"\$\{MAYDAY_RESULT\}" !?= "(\w+)"/g)].map((match) => match[1]!);
  t.same([...new Set(compared)].sort(), [OutboundResults.dial, OutboundResults.reject].sort());
});

t.test('every variable of the contract and every reject reason is documented beside the include', async (t) => {
  for (const name of [...appVariables, 'MAYDAY_DIAL_<n>', 'MAYDAY_CID_NUM_<n>', ...globals]) {
    t.ok(readme.includes(`\`${name}\``), `${name} documented`);
  }
  for (const reason of REJECT_REASONS) t.ok(readme.includes(`\`${reason}\``), `${reason} documented`);
});

t.test('the include takes every number the decision accepts, and leaves feature codes to the PBX', async (t) => {
  const section = conf.split(/^\[/m).find((text) => text.startsWith('mayday-outbound]')) ?? '';
  const matchers = [...section.matchAll(/^exten => ([^,]+),1,/gm)].map((match) => {
    const compiled = compilePattern(match[1]!);
    if (!compiled.ok) throw new Error(`the include's pattern ${match[1]} does not compile: ${compiled.error}`);
    return compiled.matcher;
  });
  t.ok(matchers.length > 0, 'found the patterns of [mayday-outbound]');
  const snapshot = createSnapshot(fixtureConfig, 1);
  const included = (dialed: string) => matchers.some((matcher) => matcher.matches(dialed));
  const accepted = (dialed: string) => {
    const decision = decideOutbound({ agent: '1009', dialed }, snapshot);
    return decision.kind === 'dial' || decision.reason !== 'INVALID_NUMBER';
  };
  const numbers = ['0712345678', '+256712345678', '256712345678', '00256712345678', '450712345678', '45+256712345678', '4500256712345678', '112', '12', '0*12#', '1', '+'];
  for (const dialed of numbers) {
    if (accepted(dialed)) t.ok(included(dialed), `${dialed}: the decision accepts it, so the include must take it`);
  }
  t.ok(numbers.filter(accepted).length >= 9, 'most of those are numbers the decision accepts');
  for (const code of ['*72', '*310712345678', '#31#0712345678', '*21#', '#']) {
    t.notOk(included(code), `${code} stays with the PBX`);
    t.notOk(accepted(code), `${code} is not a number for Mayday`);
  }
});
