import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Static, TSchema } from 'typebox';
import type { Role } from '../domain/users/roles.js';
import type { SnapshotStore } from '../data/snapshot-store.js';
import type { ChangeOutcome, RemovalOutcome } from '../data/repositories/validated-change.js';
import type { ConfigSnapshot } from '../domain/config/snapshot.js';
import type { ConfigData } from '../domain/config/types.js';
import type { ConfigIssue } from '../domain/config/validate.js';
import { conflictErrors, conflictMessages } from './conflict.js';
import { HttpError, notFound } from './errors.js';
import { hasErrors, NO_ERRORS, type FormErrors } from './form-errors.js';
import { isHtmx } from './htmx.js';
import { IdParams, ListQuery, PAGE_SIZE } from './schemas/common.js';
import type { WebServices } from './services.js';
import { nextCallAfterSave } from './simulation/next-call.js';

// One responder for the dashboard's list/create/edit/delete areas. An area is declared
// (CrudArea); crudArea() answers its seven URLs the same way for every area:
//
//   GET  /dids               list (page or, for htmx, the table)
//   GET  /dids/new           empty form (page, or the form alone for htmx)
//   POST /dids               create: 422 with the form and its errors, or the change answer
//   GET  /dids/:id/edit      filled form
//   POST /dids/:id           update, as create
//   GET  /dids/:id/delete    confirmation page (the no-JavaScript path)
//   POST /dids/:id/delete    delete: 409 saying what still uses it, or the change answer
//
// A change answer is a flash and, for htmx, a `<name>-changed` event, else a redirect to
// the list (views.ts `changed`); a save also says what the next affected call now does,
// decided on this instance's freshly reloaded snapshot. Access is checked by the
// access-control plugin from each route's `config.access`, CSRF on every POST.

/** What an area's repository offers the responder (src/data/repositories). */
export interface CrudRepository<Found extends Saved, Saved, Entity, Usage> {
  findById(id: number): Promise<Found | null>;
  create(entity: Entity): Promise<ChangeOutcome<Saved>>;
  update(id: number, entity: Entity): Promise<ChangeOutcome<Saved>>;
  remove(id: number): Promise<RemovalOutcome<Saved, Usage>>;
}

export interface CrudArea<Found extends Saved, Saved, Values, Entity, Usage, Body extends TSchema> {
  /**
   * `dids`: the list is at `/dids`, the rest hang off it; the templates are
   * pages/dids/{index,edit,delete}.eta and partials/dids/{table,form}.eta.
   */
  readonly name: string;
  readonly access: readonly Role[];
  readonly repository: CrudRepository<Found, Saved, Entity, Usage>;
  readonly words: {
    /** With a key: `prefix` in "Edit prefix 45", "Prefix 45 saved", "Delete prefix 45". */
    readonly named: string;
    /** Without one: `prefix rule` in "New prefix rule", "This prefix rule does not exist." */
    readonly alone: string;
  };
  /** The title of an edit form, when not "Edit <named> <key>". */
  readonly editTitle?: (row: Found) => string;
  /** What identifies a row to people: a DID's number, a trunk's name. */
  keyOf(row: Saved): string;
  readonly list: {
    /** The list's query string (ListQuery: search and keyset paging). */
    readonly query?: TSchema;
    /** The list page's data, title included. */
    data(request: FastifyRequest): Promise<object>;
  };
  readonly form: {
    readonly body: Body;
    readonly empty: Values;
    valuesOf(row: Found): Values;
    /** The submitted form against the row it edits (null: a new one), and what is wrong with it on its own. */
    read(body: Static<Body>, row: Found | null): { values: Values; entity: Entity; errors: FormErrors };
    /** The validateConfig() issues of a refused save, placed on the form. */
    issues(issues: readonly ConfigIssue[], proposed: ConfigData, entity: Entity): FormErrors;
    /** Whatever else the form shows (pickers), for these values. */
    choices?(values: Values): Promise<object>;
    /** A button that changes the form without saving it (the route's trunk list): the values to show, or null to save. */
    preview?(body: Static<Body>): Values | null;
  };
  /** The 409 message of a refused delete; an area whose rows nothing refers to needs none. */
  inUse?(row: Saved, usages: readonly Usage[]): string;
  /** The confirmation page's data: the row under this name, and anything else it shows. */
  readonly deletePage: { readonly name: string; extra?(row: Found): Promise<object> };
  /** The next affected call after a save, in words; null when none can be shown. */
  nextCall(snapshot: ConfigSnapshot, key: string): string | null;
}

interface FormTarget {
  readonly title: string;
  readonly action: string;
  /** A new item: the form asks for what an edit keeps (an agent's extension). */
  readonly isNew: boolean;
}


/** A list's search and page, from a query string validated as ListQuery. */
export function listPage(request: FastifyRequest): { search: string; after?: string; before?: string; limit: number } {
  const { q = '', after, before } = request.query as Static<typeof ListQuery>;
  return { search: q.trim(), after, before, limit: PAGE_SIZE };
}

/** The route plugin of an area, declared from the services (its repository and pickers). */
export function crudArea<Found extends Saved, Saved, Values, Entity, Usage, Body extends TSchema>(
  declare: (services: WebServices) => CrudArea<Found, Saved, Values, Entity, Usage, Body>,
): FastifyPluginAsyncTypebox<WebServices> {
  return async (app, services) => registerCrud(app, declare(services), services.snapshots);
}

function registerCrud<Found extends Saved, Saved, Values, Entity, Usage, Body extends TSchema>(
  app: Parameters<FastifyPluginAsyncTypebox>[0],
  area: CrudArea<Found, Saved, Values, Entity, Usage, Body>,
  snapshots: SnapshotStore,
): void {
  const { repository, form } = area;
  const path = `/${area.name}`;
  const config = { access: area.access };
  const { named, alone } = area.words;
  const Named = named.charAt(0).toUpperCase() + named.slice(1);
  const missing = (): HttpError => notFound(`This ${alone}`);
  const created: FormTarget = { title: `New ${alone}`, action: path, isNew: true };
  const edited = (row: Found, id: number): FormTarget => ({
    title: area.editTitle?.(row) ?? `Edit ${named} ${area.keyOf(row)}`,
    action: `${path}/${id}`,
    isNew: false,
  });

  async function showForm(reply: FastifyReply, target: FormTarget, values: Values, errors: FormErrors = NO_ERRORS) {
    const choices = (await form.choices?.(values)) ?? {};
    return reply.pageOrFragment(`pages/${area.name}/edit`, `partials/${area.name}/form`, {
      title: target.title,
      form: { ...target, inline: isHtmx(reply.request), values, errors, ...choices },
    });
  }

  async function findRow(id: number): Promise<Found> {
    const row = await repository.findById(id);
    if (row === null) throw missing();
    return row;
  }

  function changed(reply: FastifyReply, message: string, detail?: string) {
    return reply.changed({
      flash: { kind: 'success', message, ...(detail && { detail }) },
      redirectTo: path,
      trigger: `${area.name}-changed`,
    });
  }

  async function submit(reply: FastifyReply, body: Static<Body>, target: FormTarget, editing: { row: Found; id: number } | null) {
    const preview = form.preview?.(body) ?? null;
    if (preview !== null) return showForm(reply, target, preview);
    const input = form.read(body, editing?.row ?? null);
    if (hasErrors(input.errors)) return showForm(reply.code(422), target, input.values, input.errors);
    const outcome = editing === null ? await repository.create(input.entity) : await repository.update(editing.id, input.entity);
    if (outcome.kind === 'missing') throw missing();
    if (outcome.kind === 'invalid') {
      return showForm(reply.code(422), target, input.values, form.issues(outcome.issues, outcome.proposed, input.entity));
    }
    if (outcome.kind === 'conflict') {
      // Shown again on the live version: saving it now applies these values on top.
      reply.request.formVersion = outcome.version;
      return showForm(reply.code(409), target, input.values, conflictErrors(outcome));
    }
    const key = area.keyOf(outcome.value);
    const detail = await nextCallAfterSave(snapshots, (snapshot) => area.nextCall(snapshot, key));
    return changed(reply, `${Named} ${key} saved (config version ${outcome.version}).`, detail);
  }

  const withId = { config, schema: { params: IdParams } };

  app.get(path, { config, schema: area.list.query === undefined ? {} : { querystring: area.list.query } }, async (request, reply) =>
    reply.pageOrFragment(`pages/${area.name}/index`, `partials/${area.name}/table`, await area.list.data(request)),
  );

  app.get(`${path}/new`, { config }, async (_request, reply) => showForm(reply, created, form.empty));

  // The body schema has validated it; the type provider cannot see through the generic.
  app.post(path, { config, schema: { body: form.body } }, async (request, reply) => submit(reply, request.body as Static<Body>, created, null));

  app.get(`${path}/:id/edit`, withId, async (request, reply) => {
    const row = await findRow(request.params.id);
    return showForm(reply, edited(row, request.params.id), form.valuesOf(row));
  });

  app.post(`${path}/:id`, { config, schema: { params: IdParams, body: form.body } }, async (request, reply) => {
    const { id } = request.params;
    const row = await findRow(id);
    return submit(reply, request.body as Static<Body>, edited(row, id), { row, id });
  });

  app.get(`${path}/:id/delete`, withId, async (request, reply) => {
    const row = await findRow(request.params.id);
    const extra = (await area.deletePage.extra?.(row)) ?? {};
    return reply.page(`pages/${area.name}/delete`, { title: `Delete ${named} ${area.keyOf(row)}`, [area.deletePage.name]: row, ...extra });
  });

  app.post(`${path}/:id/delete`, withId, async (request, reply) => {
    const outcome = await repository.remove(request.params.id);
    if (outcome.kind === 'missing') throw missing();
    if (outcome.kind === 'in-use') {
      throw new HttpError(409, area.inUse?.(outcome.row, outcome.usages) ?? `${Named} ${area.keyOf(outcome.row)} is still in use and was not deleted.`);
    }
    if (outcome.kind === 'invalid') throw new HttpError(409, outcome.issues.map((issue) => issue.message).join('; '));
    if (outcome.kind === 'conflict') throw new HttpError(409, conflictMessages(outcome).join(' '));
    return changed(reply, `${Named} ${area.keyOf(outcome.row)} deleted (config version ${outcome.version}).`);
  });
}
