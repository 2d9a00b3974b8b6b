import { readFileSync } from 'node:fs';
import t from 'tap';
import { InboundVars } from '../../src/inbound/channel-vars.js';
import { OutboundResults, OutboundVars, callerIdNumberVar, dialStringVar } from '../../src/outbound/channel-vars.js';
import { REJECT_REASONS } from '../../src/domain/outbound/decide.js';

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
const appVariables = new Set<string>([...Object.values(OutboundVars), ...Object.values(InboundVars)]);
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
