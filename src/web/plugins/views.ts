import { join } from 'node:path';
import fastifyView from '@fastify/view';
import { Eta } from 'eta';
import type { FastifyReply } from 'fastify';
import fp from 'fastify-plugin';
import type { Flash } from '../../auth/session-store.js';
import { projectRoot } from '../../project-root.js';
import { isHtmx, varyOnHtmx } from '../htmx.js';
import { navigationFor } from '../navigation.js';

export interface AfterChange {
  readonly flash: Flash;
  /** Where a browser without JavaScript goes next (POST, then redirect, then GET). */
  readonly redirectTo: string;
  /** An htmx event fired on the page so the parts showing the changed data reload. */
  readonly trigger?: string;
}

declare module 'fastify' {
  interface FastifyReply {
    /** A full page: the template inside the dashboard layout. */
    page(template: string, data?: object): Promise<FastifyReply>;
    /** One partial on its own, for htmx to swap in. */
    fragment(template: string, data?: object): Promise<FastifyReply>;
    /** The same URL answers htmx with the partial and a browser with the whole page. */
    pageOrFragment(page: string, fragment: string, data?: object): Promise<FastifyReply>;
    /** The answer to a successful save or delete: a flash, then the page refreshes what changed. */
    changed(outcome: AfterChange): Promise<FastifyReply>;
  }
}

export default fp(
  async (app) => {
    await app.register(fastifyView, {
      engine: { eta: new Eta({ autoEscape: true, autoTrim: false }) },
      templates: join(projectRoot, 'views'),
    });

    async function render(reply: FastifyReply, template: string, data: object): Promise<FastifyReply> {
      const { account, session, formVersion } = reply.request;
      const html = await reply.viewAsync(template, { ...data, account, csrf: session?.csrfToken ?? '', formVersion });
      return reply.type('text/html; charset=utf-8').send(html);
    }

    app.decorateReply('page', async function (this: FastifyReply, template: string, data: object = {}) {
      const { account } = this.request;
      const flash = account === null ? null : await this.request.takeFlash();
      const nav = account === null ? [] : navigationFor(account, this.request.url.split('?')[0] ?? '/');
      return render(this, template, { ...data, layout: { nav, flash } });
    });

    app.decorateReply('fragment', async function (this: FastifyReply, template: string, data: object = {}) {
      return render(this, template, data);
    });

    app.decorateReply('pageOrFragment', async function (this: FastifyReply, page: string, fragment: string, data: object = {}) {
      varyOnHtmx(this);
      return isHtmx(this.request) ? this.fragment(fragment, data) : this.page(page, data);
    });

    app.decorateReply('changed', async function (this: FastifyReply, outcome: AfterChange) {
      varyOnHtmx(this);
      if (!isHtmx(this.request)) {
        await this.keepFlash(outcome.flash);
        return this.redirect(outcome.redirectTo, 303);
      }
      if (outcome.trigger !== undefined) this.header('HX-Trigger', outcome.trigger);
      return this.fragment('partials/flash', { flash: outcome.flash, oob: true });
    });
  },
  { name: 'views', dependencies: ['sessions'] },
);
