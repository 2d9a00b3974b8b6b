import t from 'tap';
import { buildTestWebApp, configVersion, FORM_HEADERS, form, seedRouting } from '../support/web.js';

const web = await buildTestWebApp(t);
await seedRouting(web.db.prisma);
await web.createUser('manager1', 'manager');
const admin = await web.login('admin');

const importDocument = (document: string, session = admin) =>
  web.app.inject({
    method: 'POST',
    url: '/config-transfer/import',
    headers: { ...FORM_HEADERS, ...session.headers() },
    payload: form({ _csrf: session.csrf, document }),
  });

t.test('export downloads the configuration as YAML', async (t) => {
  const response = await web.app.inject({ method: 'GET', url: '/config-transfer/export', headers: admin.headers() });
  t.equal(response.statusCode, 200);
  t.match(response.headers['content-type'], /yaml/);
  t.match(response.headers['content-disposition'], /attachment; filename="mayday-config.yaml"/);
  t.match(response.body, /0310000045/);
  t.match(response.body, /main_trunk/);
});

t.test('importing the exported document changes nothing; an edited one replaces the configuration', async (t) => {
  const exported = (await web.app.inject({ method: 'GET', url: '/config-transfer/export', headers: admin.headers() })).body;
  const before = await configVersion(web.db.prisma);
  const same = await importDocument(exported);
  t.equal(same.statusCode, 303);
  t.equal(await configVersion(web.db.prisma), before);
  t.match((await web.app.inject({ method: 'GET', url: '/config-transfer', headers: admin.headers() })).body, /nothing changed/);
  const edited = await importDocument(exported.replace('Outlet 45', 'Outlet Forty-Five'));
  t.equal(edited.statusCode, 303);
  t.equal(await configVersion(web.db.prisma), before + 1);
  t.equal((await web.db.prisma.did.findUniqueOrThrow({ where: { number: '0310000045' } })).label, 'Outlet Forty-Five');
});

t.test('an invalid document is refused whole, with every problem listed and the text kept', async (t) => {
  const exported = (await web.app.inject({ method: 'GET', url: '/config-transfer/export', headers: admin.headers() })).body;
  const before = await configVersion(web.db.prisma);
  const broken = exported.replace('0310000046', '03100000AB');
  const response = await importDocument(broken);
  t.equal(response.statusCode, 422);
  t.match(response.body, /was not imported/);
  t.match(response.body, /must be digits only/);
  t.match(response.body, /03100000AB/, 'the document stays in the textarea');
  t.equal(await configVersion(web.db.prisma), before);
});

t.test('import/export is for admins only, and linked only for them', async (t) => {
  const manager = await web.login('manager1');
  t.equal((await web.app.inject({ method: 'GET', url: '/config-transfer/export', headers: manager.headers() })).statusCode, 403);
  t.equal((await importDocument('settings: {}', manager)).statusCode, 403);
  t.notMatch((await web.app.inject({ method: 'GET', url: '/dids', headers: manager.headers() })).body, /config-transfer/);
  t.match((await web.app.inject({ method: 'GET', url: '/dids', headers: admin.headers() })).body, /href="\/config-transfer"/);
});
