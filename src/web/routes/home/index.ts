import type { FastifyPluginAsync } from 'fastify';
import { accountOf, EVERY_ROLE } from '../../access.js';
import { homeFor } from '../../navigation.js';

const homeRoutes: FastifyPluginAsync = async (app) => {
  app.get('/', { config: { access: EVERY_ROLE } }, async (request, reply) => reply.redirect(homeFor(accountOf(request)), 302));
};

export default homeRoutes;
