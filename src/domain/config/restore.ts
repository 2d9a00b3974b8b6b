// One entity put back as a recorded version had it, the rest of the live configuration
// untouched: the History page's "restore this entity". Pure; validation is the caller's.

import type { EntityKind } from './diff.js';
import type { ConfigData } from './types.js';

/** The list each kind lives in, and what names an item (as the diff names it). */
type Collection = Exclude<keyof ConfigData, 'settings'>;

const COLLECTIONS: { readonly [K in Exclude<EntityKind, 'settings'>]: { readonly list: Collection; readonly key: (item: never) => string } } = {
  trunk: { list: 'trunks', key: (item: { name: string }) => item.name },
  did: { list: 'dids', key: (item: { number: string }) => item.number },
  agent: { list: 'agents', key: (item: { extension: string }) => item.extension },
  prefix: { list: 'prefixes', key: (item: { prefix: string }) => item.prefix },
  route: { list: 'routes', key: (item: { name: string }) => item.name },
  schedule: { list: 'schedules', key: (item: { name: string }) => item.name },
  inboundRoute: { list: 'inboundRoutes', key: (item: { name: string }) => item.name },
  menu: { list: 'menus', key: (item: { name: string }) => item.name },
};

export interface EntityRef {
  readonly kind: EntityKind;
  /** `settings` for the settings. */
  readonly name: string;
}

/**
 * `live` with the entity as it was in `then`: replaced where it exists, added where it was
 * deleted since, removed where it did not exist then. Null when neither has it.
 */
export function restoreEntity(live: ConfigData, then: ConfigData, entity: EntityRef): ConfigData | null {
  if (entity.kind === 'settings') return { ...live, settings: then.settings };
  const { list, key } = COLLECTIONS[entity.kind];
  const named = (item: unknown) => (key as (item: unknown) => string)(item) === entity.name;
  const current = live[list] as readonly unknown[];
  const old = (then[list] as readonly unknown[]).find(named);
  const index = current.findIndex(named);
  if (old === undefined && index === -1) return null;
  const items = old === undefined ? current.filter((item) => !named(item)) : index === -1 ? [...current, old] : current.map((item, i) => (i === index ? old : item));
  return { ...live, [list]: items };
}
