import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { WindowLimiter } from './rate-limit.js';
import type { SmsService } from './service.js';

export interface WebhookOptions {
  readonly service: SmsService;
  /** The secret in the URL; null refuses every report. */
  readonly token: string | null;
  /** Reports per source address per second (in this instance). */
  readonly ratePerSecond: number;
}

/** A delivery report is a few hundred bytes; an inbound message at most ten parts. */
export const WEBHOOK_BODY_LIMIT = 16 * 1024;

/**
 * The provider's delivery reports and inbound messages: `POST` (JSON or form) or `GET`
 * (query) on `/webhooks/sms/<token>`. Public, outside the dashboard's sessions and CSRF
 * (its routes are `static` to them), in its own context with JSON answers. A report is
 * recorded once: a repeat answers 200 and changes nothing, so a provider that retries
 * is harmless.
 */
const webhookRoutes: FastifyPluginAsync<WebhookOptions> = async (app, { service, token, ratePerSecond }) => {
  const limiter = new WindowLimiter(ratePerSecond, 1000);
  const expected = token === null ? null : digest(token);

  app.setErrorHandler(async (error: Error & { statusCode?: number }, request, reply) => {
    const status = typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) request.log.error({ err: error }, 'sms report failed');
    return reply.code(status).send({ error: status === 500 ? 'the report could not be stored; send it again' : error.message });
  });

  const handle = async (request: FastifyRequest<{ Params: { token: string } }>, reply: FastifyReply, fields: unknown) => {
    if (!limiter.allow(request.ip, Date.now())) return reply.code(429).header('retry-after', '1').send({ error: 'too many reports' });
    if (expected === null || !timingSafeEqual(digest(request.params.token), expected)) return reply.code(404).send({ error: 'not found' });
    if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) return reply.code(400).send({ error: 'expected an object of fields' });
    const result = await service.report(fields as Record<string, unknown>);
    if (result.kind === 'invalid') return reply.code(400).send({ error: result.reason });
    return reply.send({ result: result.kind });
  };

  const config = { access: 'static' as const };
  app.post<{ Params: { token: string } }>('/webhooks/sms/:token', { config, bodyLimit: WEBHOOK_BODY_LIMIT }, (request, reply) => handle(request, reply, request.body));
  app.get<{ Params: { token: string } }>('/webhooks/sms/:token', { config }, (request, reply) => handle(request, reply, request.query));
};

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

export default webhookRoutes;
