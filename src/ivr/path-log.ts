import { BatchWriter, clip, utcDateTime, type BatchTable, type BatchWriterOptions } from '../data/batch-writer.js';
import type { IvrPathRecord } from './ivr-app.js';

const STEP_SEPARATOR = ' | ';
const FIELD_LIMITS = { uniqueId: 64, channel: 128, menu: 64, outcome: 32, destination: 255, steps: 65_000 } as const;

const IVR_PATHS: BatchTable<IvrPathRecord> = {
  label: 'IVR path log',
  insertPrefix: 'INSERT INTO ivr_paths (created_at, unique_id, channel, menu, config_version, steps, outcome, destination) VALUES ',
  rowPlaceholders: '(?,?,?,?,?,?,?,?)',
  toRow: (entry) => [
    utcDateTime(entry.createdAt),
    clip(entry.uniqueId, FIELD_LIMITS.uniqueId),
    clip(entry.channel, FIELD_LIMITS.channel),
    clip(entry.menu, FIELD_LIMITS.menu),
    entry.configVersion,
    clip(entry.steps.join(STEP_SEPARATOR), FIELD_LIMITS.steps),
    clip(entry.outcome, FIELD_LIMITS.outcome),
    entry.destination === null ? null : clip(entry.destination, FIELD_LIMITS.destination),
  ],
};

/** The path each IVR caller took, written beside the decision log, in batches off the call's path. */
export class IvrPathWriter extends BatchWriter<IvrPathRecord> {
  constructor(options: BatchWriterOptions) {
    super(IVR_PATHS, options);
  }
}
