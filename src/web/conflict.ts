import { describeChange } from '../domain/config/diff.js';
import type { ConflictOutcome } from '../data/repositories/validated-change.js';
import type { FormErrors } from './form-errors.js';

/** What a form saved against an older version is told: what changed meanwhile, entity by entity. */
export function conflictMessages(conflict: ConflictOutcome): string[] {
  return [
    `The configuration changed from version ${conflict.since} to ${conflict.version} while this form was open. Check the form and save again to apply your change on top.`,
    ...conflict.changes.map((change) => `Changed meanwhile: ${describeChange(change)}`),
  ];
}

export function conflictErrors(conflict: ConflictOutcome): FormErrors {
  return { fields: {}, form: conflictMessages(conflict) };
}
