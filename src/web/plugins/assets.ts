import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { projectRoot } from '../../project-root.js';

const require = createRequire(import.meta.url);

function packageDist(name: string): string {
  return join(dirname(require.resolve(`${name}/package.json`)), 'dist');
}

/**
 * Our CSS/JS under /assets/ (and the icon at /favicon.ico), htmx and its WebSocket extension from node_modules (no CDN).
 * Registered in its own context so only these routes are marked as needing no session.
 */
export default async function assets(app: FastifyInstance): Promise<void> {
  app.addHook('onRoute', (route) => {
    route.config = { ...route.config, access: 'static' };
  });
  const cacheControl = { maxAge: '1h' };
  await app.register(fastifyStatic, { root: join(projectRoot, 'views', 'assets'), prefix: '/assets/', index: false, ...cacheControl });
  // Browsers ask for it at the root whatever the page links.
  app.get('/favicon.ico', (_request, reply) => reply.sendFile('favicon.ico', { maxAge: '1d' }));
  await app.register(fastifyStatic, {
    root: packageDist('htmx.org'),
    prefix: '/assets/htmx/',
    decorateReply: false,
    index: false,
    allowedPath: (path) => path === '/htmx.min.js',
    ...cacheControl,
  });
  await app.register(fastifyStatic, {
    root: packageDist('htmx-ext-ws'),
    prefix: '/assets/htmx-ext-ws/',
    decorateReply: false,
    index: false,
    allowedPath: (path) => path === '/ws.min.js',
    ...cacheControl,
  });
}
