import type { MenuUsage } from '../../../domain/config/usages.js';
import type { IvrMenu } from '../../../domain/ivr/menu.js';
import type { Row } from '../../../inbound/repositories.js';
import { sampleInboundCallWhere } from '../../../inbound/simulate.js';
import { ROUTING_EDITORS } from '../../access.js';
import { crudArea } from '../../crud.js';
import { MenuBody } from '../../schemas/inbound.js';
import { listed } from '../../words.js';
import { EMPTY_MENU, KEY_FIELDS, menuIssuesToErrors, menuValues, readMenuForm, type MenuFormValues } from './form.js';

const describeUsage = (usage: MenuUsage): string => (usage.kind === 'menu' ? `menu ${usage.name}` : `inbound route ${usage.name}`);

export default crudArea<Row<IvrMenu>, Row<IvrMenu>, MenuFormValues, IvrMenu, MenuUsage, typeof MenuBody>(({ menus }) => ({
  name: 'menus',
  access: ROUTING_EDITORS,
  repository: menus,
  words: { named: 'menu', alone: 'IVR menu' },
  list: {
    data: async () => {
      const rows = (await menus.list()).map((menu) => {
        const values = menuValues(menu);
        const keys = KEY_FIELDS.filter(({ field }) => values.keys[field] !== '').map(({ key, field }) => ({ key, to: values.keys[field] }));
        return { ...menu, keys, invalid: values.invalid, timeout: values.timeout };
      });
      return { title: 'IVR menus', menus: rows };
    },
  },
  keyOf: (menu) => menu.name,
  form: {
    body: MenuBody,
    empty: EMPTY_MENU,
    valuesOf: menuValues,
    read: readMenuForm,
    issues: menuIssuesToErrors,
    choices: async () => ({ keyFields: KEY_FIELDS }),
  },
  inUse: (menu, usages) =>
    `Menu ${menu.name} was not deleted: callers reach it from ${listed(usages.map(describeUsage))}. Send those elsewhere first, then delete this menu.`,
  deletePage: { name: 'menu' },
  nextCall: (snapshot, name) =>
    sampleInboundCallWhere(
      snapshot,
      (route) => [route.destination, route.closedDestination].some((destination) => destination?.kind === 'menu' && destination.menu === name),
      new Date(),
    ),
}));
