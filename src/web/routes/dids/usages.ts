import type { DidUsage } from '../../../domain/config/usages.js';

export function describeUsage(usage: DidUsage): string {
  switch (usage.kind) {
    case 'agent':
      return `default DID of agent ${usage.extension} (${usage.name})`;
    case 'prefix':
      return `prefix rule ${usage.prefix}`;
    case 'route':
      return `fixed caller ID of route ${usage.name}`;
    case 'settings':
      return 'the default DID in settings';
  }
}

export function inUseMessage(number: string, usages: readonly DidUsage[]): string {
  return `DID ${number} is still in use and was not deleted. It is the ${usages.map(describeUsage).join('; the ')}.`;
}
