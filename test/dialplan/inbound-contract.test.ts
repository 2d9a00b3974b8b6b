import { readFileSync } from 'node:fs';
import t from 'tap';
import { DESTINATION_KINDS } from '../../src/domain/inbound/destination.js';
import { INBOUND_REJECT_REASONS } from '../../src/domain/inbound/decide.js';
import { InboundResults } from '../../src/inbound/channel-vars.js';

const conf = readFileSync(new URL('../../dialplan/extensions_mayday.conf', import.meta.url), 'utf8');
const readme = readFileSync(new URL('../../dialplan/README.md', import.meta.url), 'utf8');

t.test('the dialplan compares MAYDAY_INBOUND_RESULT only with the results Mayday writes', async (t) => {
  const compared = [...conf.matchAll(/"\$\{MAYDAY_INBOUND_RESULT\}" !?= "(\w+)"/g)].map((match) => match[1]!);
  t.same([...new Set(compared)].sort(), [InboundResults.route, InboundResults.reject].sort());
});

t.test('every destination kind has its context, and the inbound fallback checks AGISTATUS and STASISSTATUS', async (t) => {
  for (const kind of DESTINATION_KINDS) t.match(conf, new RegExp(`^\\[mayday-dest-${kind}\\]$`, 'm'), `mayday-dest-${kind}`);
  t.match(conf, /AGI\(\$\{MAYDAY_AGI_URL\}\/inbound,\$\{EXTEN\},\$\{CALLERID\(num\)\}\)\n same => n,GotoIf\(\$\["\$\{AGISTATUS\}" != "SUCCESS"\]\?mayday-inbound-fallback,s,1\)/);
  t.match(conf, /Stasis\(\$\{MAYDAY_ARI_APP\},menu,\$\{MAYDAY_DEST\}\)[\s\S]*?GotoIf\(\$\["\$\{STASISSTATUS\}" = "FAILED"\]\?mayday-inbound-fallback,s,1\)/);
});

t.test('every inbound reject reason and destination kind is documented beside the include', async (t) => {
  for (const reason of INBOUND_REJECT_REASONS) t.ok(readme.includes(`\`${reason}\``), `${reason} documented`);
  for (const kind of DESTINATION_KINDS) t.ok(readme.includes(`\`mayday-dest-${kind}\``), `mayday-dest-${kind} documented`);
});
