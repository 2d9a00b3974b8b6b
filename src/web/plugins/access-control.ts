import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import { forbidden, HttpError } from '../errors.js';
import { isHtmx } from '../htmx.js';

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
export const CSRF_FIELD = '_csrf';
export const CSRF_HEADER = 'x-csrf-token';

/**
 * Enforces each route's declared `config.access` (see ../access.ts) before anything else
 * runs, and a session's CSRF token on every state change. A route that declares no
 * access makes the app refuse to start.
 */
export default fp(
  async (app) => {
    // Checked when the app is ready: by then every plugin's onRoute hooks have run on these
    // same route objects (the assets context marks its own routes after this hook).
    const routes: RouteOptions[] = [];
    app.addHook('onRoute', (route) => void routes.push(route));
    app.addHook('onReady', async () => {
      const undeclared = routes.filter((route) => route.config?.access === undefined);
      if (undeclared.length > 0) {
        throw new Error(`routes without config.access: ${undeclared.map((r) => `${String(r.method)} ${r.url}`).join(', ')}`);
      }
    });

    app.addHook('onRequest', async (request, reply) => {
      const { access } = request.routeOptions.config;
      if (access === 'static' || access === 'public') return;
      // Unknown URLs too: a signed-out visitor learns nothing about which pages exist.
      // Only set on a route that declared `showsOutages` (see ../plugins/sessions.ts).
      if (request.account === null && request.outage) return;
      if (request.account === null) return sendToLogin(request, reply);
      if (access !== undefined && !access.includes(request.account.role)) throw forbidden();
    });

    // Public routes guard their own forms (login uses a double-submit cookie). Checked before body validation, so a forged request never learns the form's shape.
    app.addHook('preValidation', async (request) => {
      if (!Array.isArray(request.routeOptions.config.access) || !UNSAFE_METHODS.has(request.method)) return;
      if (request.session === null) throw new HttpError(401, 'Please sign in.');
      if (!tokensMatch(submittedCsrfToken(request), request.session.csrfToken)) {
        throw new HttpError(403, 'The form expired or did not come from this dashboard. Reload the page and try again.');
      }
    });
  },
  { name: 'access-control', dependencies: ['sessions'] },
);

function sendToLogin(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (isHtmx(request)) return reply.code(401).header('HX-Redirect', '/login').send();
  const next = request.method === 'GET' ? `?next=${encodeURIComponent(request.url)}` : '';
  return reply.redirect(`/login${next}`, 302);
}

export function submittedCsrfToken(request: FastifyRequest): string | undefined {
  const header = request.headers[CSRF_HEADER];
  if (typeof header === 'string') return header;
  const body = request.body;
  if (typeof body === 'object' && body !== null && CSRF_FIELD in body) {
    const value = (body as Record<string, unknown>)[CSRF_FIELD];
    return typeof value === 'string' ? value : undefined;
  }
  return undefined;
}

export function tokensMatch(submitted: string | undefined, expected: string): boolean {
  if (submitted === undefined) return false;
  const a = Buffer.from(submitted);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
