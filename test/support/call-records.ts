import type { Prisma } from '../../src/data/prisma.js';

export type CallRecordRow = Prisma.CallRecordCreateManyInput;

let serial = 0;

/** A call_records row with plain defaults (an answered internal call); `fields` override them. */
export function callRecordRow(fields: Partial<CallRecordRow> & { startedAt: Date }): CallRecordRow {
  serial += 1;
  const talk = fields.talkSeconds ?? 0;
  return {
    linkedId: `linked-${serial}`,
    routingUniqueId: `routing-${serial}`,
    direction: 'internal',
    outcome: 'answered',
    answeredAt: fields.outcome === undefined || fields.outcome === 'answered' ? new Date(fields.startedAt.getTime() + 2000) : null,
    endedAt: new Date(fields.startedAt.getTime() + 2000 + talk * 1000),
    caller: '1009',
    callerChannel: `PJSIP/1009-${String(serial).padStart(8, '0')}`,
    dialed: '1010',
    agent: null,
    answeredBy: null,
    queue: null,
    ringSeconds: 2,
    talkSeconds: talk,
    waitSeconds: null,
    abandoned: false,
    hangupCause: 16,
    did: null,
    ...fields,
  };
}
