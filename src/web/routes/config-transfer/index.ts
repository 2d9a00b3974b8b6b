import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { formatIssue } from '../../../domain/config/validate.js';
import { ADMINS } from '../../access.js';
import { ImportBody, MAX_DOCUMENT_BYTES } from '../../schemas/config-transfer.js';
import type { WebServices } from '../../services.js';

/** The configuration as the CLI's YAML: downloaded, or pasted/uploaded to replace it all (admins only). */
const configTransferRoutes: FastifyPluginAsyncTypebox<WebServices> = async (app, { configDocument, snapshots }) => {
  const access = { access: ADMINS };

  app.get('/config-transfer', { config: access }, async (_request, reply) =>
    reply.page('pages/config-transfer/index', { title: 'Import / Export', document: '', issues: [] }),
  );

  app.get('/config-transfer/export', { config: access }, async (_request, reply) =>
    reply
      .type('application/yaml; charset=utf-8')
      .header('content-disposition', 'attachment; filename="mayday-config.yaml"')
      .send(await configDocument.export()),
  );

  app.post('/config-transfer/import', { config: access, bodyLimit: MAX_DOCUMENT_BYTES + 64 * 1024, schema: { body: ImportBody } }, async (request, reply) => {
    const document = request.body.document ?? '';
    const result = await configDocument.import(document);
    if (result.kind === 'invalid') {
      const issues = result.issues.map(formatIssue);
      return reply.code(422).page('pages/config-transfer/index', { title: 'Import / Export', document, issues });
    }
    await snapshots.refresh();
    const message =
      result.kind === 'unchanged'
        ? `The document matches the current configuration; nothing changed (config version ${result.version}).`
        : `Configuration imported (config version ${result.version}).`;
    return reply.changed({ flash: { kind: 'success', message }, redirectTo: '/config-transfer' });
  });
};

export default configTransferRoutes;
