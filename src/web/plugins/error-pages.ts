import type { FastifyError, FastifyReply } from 'fastify';
import fp from 'fastify-plugin';
import { SessionsUnavailableError } from '../../auth/session-store.js';
import { HttpError, notFound } from '../errors.js';
import { isHtmx, varyOnHtmx } from '../htmx.js';

interface ShownError {
  readonly status: number;
  readonly title: string;
  readonly message: string;
}

const TITLES: Readonly<Record<number, string>> = {
  400: 'Bad request',
  401: 'Sign-in required',
  403: 'Forbidden',
  404: 'Not found',
  409: 'Not changed',
  413: 'Too large',
  415: 'Unsupported request',
  429: 'Too many attempts',
  500: 'Something went wrong',
  503: 'Unavailable',
};

/**
 * Every error as a page (or, for htmx, a partial shown in the flash area), with a message
 * safe to show: never a stack trace or an internal error text.
 */
export default fp(
  async (app) => {
    app.setNotFoundHandler(async (_request, reply) => showError(reply, describe(notFound())));

    app.setErrorHandler(async (error: FastifyError, request, reply) => {
      const shown = describe(error);
      if (shown.status >= 500) request.log.error({ err: error }, 'request failed');
      else request.log.info({ status: shown.status, err: error.message }, 'request refused');
      return showError(reply, shown);
    });
  },
  { name: 'error-pages', dependencies: ['views'] },
);

function describe(error: FastifyError | HttpError | Error): ShownError {
  if (error instanceof HttpError) return shown(error.statusCode, error.message);
  if (error instanceof SessionsUnavailableError) {
    return shown(503, 'Sessions are unavailable: the dashboard cannot reach Redis. Try again in a moment.');
  }
  const status = 'statusCode' in error && typeof error.statusCode === 'number' ? error.statusCode : 500;
  if (status >= 400 && status < 500) return shown(status, 'The request could not be understood. Reload the page and try again.');
  return shown(500, 'The dashboard hit an unexpected error. It has been logged; try again, or check the server log.');
}

function shown(status: number, message: string): ShownError {
  return { status, title: TITLES[status] ?? 'Error', message };
}

async function showError(reply: FastifyReply, error: ShownError): Promise<FastifyReply> {
  reply.code(error.status);
  varyOnHtmx(reply);
  try {
    if (isHtmx(reply.request)) {
      // htmx swaps error answers too (see the htmx-config meta): into the flash area, not the target.
      reply.header('HX-Retarget', '#flash').header('HX-Reswap', 'innerHTML');
      return await reply.fragment('partials/error', { error });
    }
    return await reply.page('pages/error', { error, title: error.title });
  } catch (renderError) {
    reply.request.log.error({ err: renderError }, 'could not render the error page');
    return reply.type('text/plain; charset=utf-8').send(`${error.status} ${error.title}: ${error.message}`);
  }
}
