import { listed } from '../../words.js';
import type { DidUsage } from '../../../domain/config/usages.js';

export function describeUsage(usage: DidUsage): string {
  switch (usage.kind) {
    case 'agent':
      return `the default DID of agent ${usage.extension} (${usage.name})`;
    case 'prefix':
      return `the DID of prefix rule ${usage.prefix}`;
    case 'route':
      return `the fixed caller ID of route ${usage.name}`;
    case 'inbound-route':
      return `the DID of inbound route ${usage.name}`;
    case 'settings':
      return 'the default DID in settings';
  }
}

/** What happened, why, and what to do: "DID 0310000046 was not deleted: it is …; choose another DID there first." */
export function inUseMessage(number: string, usages: readonly DidUsage[]): string {
  return `DID ${number} was not deleted: it is ${listed(usages.map(describeUsage))}. Choose another DID there first, then delete this one.`;
}
