import type { Schedule } from '../../../domain/schedule/schedule.js';
import type { Row } from '../../../inbound/repositories.js';
import { sampleInboundCallWhere } from '../../../inbound/simulate.js';
import { ROUTING_EDITORS } from '../../access.js';
import { crudArea } from '../../crud.js';
import { ScheduleBody } from '../../schemas/inbound.js';
import { listed } from '../../words.js';
import { DAY_NAMES, EMPTY_SCHEDULE, readScheduleForm, scheduleIssuesToErrors, scheduleValues, type ScheduleFormValues } from './form.js';

export default crudArea<Row<Schedule>, Row<Schedule>, ScheduleFormValues, Schedule, string, typeof ScheduleBody>(({ schedules }) => ({
  name: 'schedules',
  access: ROUTING_EDITORS,
  repository: schedules,
  words: { named: 'schedule', alone: 'schedule' },
  list: { data: async () => ({ title: 'Schedules', schedules: await schedules.list(), dayNames: DAY_NAMES }) },
  keyOf: (schedule) => schedule.name,
  form: {
    body: ScheduleBody,
    empty: EMPTY_SCHEDULE,
    valuesOf: scheduleValues,
    read: readScheduleForm,
    issues: scheduleIssuesToErrors,
    choices: async () => ({ dayNames: DAY_NAMES }),
  },
  inUse: (schedule, routes) =>
    `Schedule ${schedule.name} was not deleted: inbound ${routes.length === 1 ? 'route' : 'routes'} ${listed(routes)} ${routes.length === 1 ? 'follows' : 'follow'} it. Choose another schedule there (or none) first, then delete this one.`,
  deletePage: { name: 'schedule' },
  nextCall: (snapshot, name) => sampleInboundCallWhere(snapshot, (route) => route.schedule === name, new Date()),
}));
