import t from 'tap';
import { asteriskOrSkip, startTestAsterisk, type FakeMode } from '../support/asterisk.js';

// The harness itself, before anything is tested through it: a private Asterisk boots with
// the written config and a clean log, and each fake endpoint mode gives Dial the status
// the outbound tests rely on.

const asteriskDir = asteriskOrSkip(t);
if (asteriskDir !== null) {
  const asterisk = await startTestAsterisk(t, asteriskDir, {
    endpoints: { probe: 'answer' },
    ari: true,
    dialplan: ['[t-direct]', 'exten => _X.,1,Dial(Local/${EXTEN}@fake-probe,2)', ' same => n,Hangup()'].join('\n'),
  });

  t.test('boots with the written config, the include loaded and nothing wrong in its log', async (t) => {
    t.match(await asterisk.cli('core show version'), /^Asterisk 22\./);
    const contexts = await asterisk.cli('dialplan show t-agents');
    t.match(contexts, /Include =>\s+'mayday-outbound'/);
    t.match(await asterisk.cli('dialplan show mayday-outbound'), /\[ Context 'mayday-outbound'/);
    const problems = (await asterisk.log()).split('\n').filter((line) => /ERROR\[|WARNING\[/.test(line));
    t.same(problems, [], 'no warning or error logged while booting');
  });

  t.test('serves ARI on its own HTTP port to its own user', async (t) => {
    const { username, password } = asterisk.ariUser;
    const url = `http://127.0.0.1:${asterisk.httpPort}/ari/asterisk/info`;
    const answered = await fetch(url, { headers: { authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}` } });
    t.equal(answered.status, 200);
    t.match(await answered.json(), { system: { version: /^22\./ } });
    t.equal((await fetch(url)).status, 401, 'refused without credentials');
  });

  const expected: [FakeMode, string][] = [
    ['answer', 'ANSWER'],
    ['busy', 'BUSY'],
    ['congestion', 'CONGESTION'],
    ['chanunavail', 'CHANUNAVAIL'],
    ['noanswer', 'NOANSWER'],
  ];
  for (const [mode, dialStatus] of expected) {
    t.test(`a fake endpoint in mode ${mode} reports what reached it and gives DIALSTATUS ${dialStatus}`, async (t) => {
      await asterisk.setMode('probe', mode);
      const call = await asterisk.placeCall('1009', '0712345678', { context: 't-direct' });
      const trace = await asterisk.finished(call);
      t.same(trace.reached, [{ endpoint: 'probe', number: '0712345678', callerIdNum: '1009', callerIdName: 'Agent 1009' }]);
      t.same(trace.dialStatuses, [dialStatus]);
    });
  }

}
