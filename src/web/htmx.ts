import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * An htmx request that wants a fragment, not a page: not a boosted navigation, and not
 * htmx restoring a page from history (that needs the whole page).
 */
export function isHtmx(request: FastifyRequest): boolean {
  const { headers } = request;
  return headers['hx-request'] === 'true' && headers['hx-boosted'] !== 'true' && headers['hx-history-restore-request'] !== 'true';
}

/** For responses whose body depends on HX-Request, so caches keep both variants apart. */
export function varyOnHtmx(reply: FastifyReply): void {
  const current = reply.getHeader('vary');
  const values = typeof current === 'string' ? current.split(',').map((value) => value.trim()) : [];
  if (!values.includes('HX-Request')) reply.header('vary', [...values.filter((v) => v !== ''), 'HX-Request'].join(', '));
}
