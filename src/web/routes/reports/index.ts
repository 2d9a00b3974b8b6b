import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { buildReport, readReportRange, type CallsReport } from '../../../domain/reports/calls.js';
import { percent, reportCsv } from '../../../domain/reports/csv.js';
import { ROUTING_EDITORS } from '../../access.js';
import { NO_ERRORS, type FormErrors } from '../../form-errors.js';
import { ReportsQuery } from '../../schemas/reports.js';
import type { WebServices } from '../../services.js';
import { hourlyChart } from './chart.js';

/**
 * Reports (admins and managers): per queue and per agent totals over a range of days, an
 * hourly chart drawn server-side as SVG, and the same numbers as CSV. A bad range is a 422
 * with the error at its field (and no numbers), never a 500.
 */
const reportRoutes: FastifyPluginAsyncTypebox<WebServices> = async (app, { reports }) => {
  const options = { config: { access: ROUTING_EDITORS }, schema: { querystring: ReportsQuery } };

  async function read(query: ReportsQuery) {
    const values = { from: (query.from ?? '').trim(), to: (query.to ?? '').trim(), within: (query.within ?? '').trim() };
    const range = readReportRange(values.from, values.to, new Date(), values.within);
    if (range.kind === 'invalid') return { values, errors: { fields: range.errors, form: [] } as FormErrors, report: null };
    const report: CallsReport = buildReport(await reports.groups(range), range);
    return { values: { from: range.fromDay, to: range.toDay, within: String(range.withinSeconds) }, errors: NO_ERRORS, report };
  }

  app.get('/reports', options, async (request, reply) => {
    const { values, errors, report } = await read(request.query);
    if (report === null) reply.code(422);
    const query = new URLSearchParams(values).toString();
    return reply.pageOrFragment('pages/reports/index', 'partials/reports/results', {
      title: 'Reports',
      values,
      errors,
      report,
      query,
      chart: report === null ? null : hourlyChart(report.hours),
      percent,
    });
  });

  app.get('/reports.csv', options, async (request, reply) => {
    const { values, errors, report } = await read(request.query);
    if (report === null) {
      reply.code(422).type('text/plain; charset=utf-8');
      return Object.entries(errors.fields)
        .filter(([, messages]) => messages.length > 0)
        .map(([field, messages]) => `${field} ${messages.join('; ')}`)
        .join('\n');
    }
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="mayday-report-${values.from}-to-${values.to}.csv"`)
      .header('cache-control', 'no-store')
      .send(reportCsv(report));
  });
};

export default reportRoutes;
