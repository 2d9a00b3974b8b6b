import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { accountOf, EVERY_ROLE } from '../web/access.js';
import { notFound } from '../web/errors.js';
import { NO_ERRORS, type FormErrors } from '../web/form-errors.js';
import { isHtmx, varyOnHtmx } from '../web/htmx.js';
import { countSegments } from './segments.js';
import { MAX_SEGMENTS, type SmsService, type SmsViewer } from './service.js';

/** Seconds between two refreshes of an open thread (delivery reports move statuses on). */
export const THREAD_REFRESH_SECONDS = 3;
/** The longest text the send box takes (ten UCS-2 parts are 670 units; GSM-7's escapes need more room). */
export const MAX_CONTENT_LENGTH = 1600;

const SendBody = Type.Object({
  _csrf: Type.String({ maxLength: 100 }),
  to: Type.String({ maxLength: 64 }),
  content: Type.String({ maxLength: MAX_CONTENT_LENGTH }),
});
const PartnerParams = Type.Object({ partner: Type.String({ maxLength: 64 }) });
const CounterQuery = Type.Object({ content: Type.Optional(Type.String({ maxLength: MAX_CONTENT_LENGTH * 2 })) });

/** What the send box shows: the fields as typed, their errors and the parts count. */
interface SendForm {
  readonly to: string;
  readonly content: string;
  readonly errors: FormErrors;
  /** In a thread the number is fixed (a hidden field). */
  readonly inThread: boolean;
}

/**
 * Conversations: the latest message per partner, a thread with its send box, and the
 * parts counter. Agents see their own threads, admins and managers every thread. Every
 * form posts as a plain form too; htmx only swaps the send box and refreshes the thread.
 */
const conversationRoutes: FastifyPluginAsyncTypebox<{ service: SmsService }> = async (app, { service }) => {
  const viewer = (request: FastifyRequest): SmsViewer => {
    const { id, role } = accountOf(request);
    return { userId: id, role };
  };
  const counter = (content: string) => ({ ...countSegments(content), max: MAX_SEGMENTS });
  const blankForm = (to: string, inThread: boolean): SendForm => ({ to, content: '', errors: NO_ERRORS, inThread });

  async function showIndex(request: FastifyRequest, reply: FastifyReply, form: SendForm) {
    const conversations = await service.conversations(viewer(request));
    return reply.page('pages/sms/index', { title: 'Conversations', conversations, form, counter: counter(form.content) });
  }

  async function showThread(request: FastifyRequest, reply: FastifyReply, partner: string, form: SendForm) {
    const thread = await service.thread(viewer(request), partner);
    if (thread === null) throw notFound('A conversation with that number');
    reply.header('cache-control', 'no-store');
    const data = { title: `Conversation with +${thread.partner}`, thread, form, counter: counter(form.content), refreshSeconds: THREAD_REFRESH_SECONDS };
    return reply.pageOrFragment('pages/sms/thread', 'partials/sms/messages', data);
  }

  app.get('/sms', { config: { access: EVERY_ROLE } }, async (request, reply) => showIndex(request, reply, blankForm('', false)));

  app.get('/sms/threads/:partner', { config: { access: EVERY_ROLE }, schema: { params: PartnerParams } }, async (request, reply) =>
    showThread(request, reply, request.params.partner, blankForm(request.params.partner, true)),
  );

  app.get('/sms/segments', { config: { access: EVERY_ROLE }, schema: { querystring: CounterQuery } }, async (request, reply) =>
    reply.fragment('partials/sms/counter', { counter: counter(request.query.content ?? '') }),
  );

  app.post('/sms/send', { config: { access: EVERY_ROLE }, schema: { body: SendBody } }, async (request, reply) => {
    const { to, content } = request.body;
    const result = await service.send(viewer(request), to, content);
    varyOnHtmx(reply);
    if (result.kind === 'queued') {
      if (!isHtmx(request)) return reply.redirect(`/sms/threads/${result.message.partner}`, 303);
      const form = blankForm(result.message.partner, true);
      return reply.header('HX-Trigger', 'sms-sent').fragment('partials/sms/send-form', { form, counter: counter('') });
    }
    const errors: FormErrors = result.field === 'provider' ? { fields: {}, form: [result.message] } : { fields: { [result.field]: [result.message] }, form: [] };
    const partner = service.normalise(to);
    const form: SendForm = { to, content, errors, inThread: partner !== null };
    reply.code(422);
    if (isHtmx(request)) return reply.fragment('partials/sms/send-form', { form, counter: counter(content) });
    return partner === null ? showIndex(request, reply, form) : showThread(request, reply, partner, { ...form, to: partner });
  });
};

export default conversationRoutes;
