import type { Logger } from 'pino';
import { CallRecordFold, type CallEvent } from '../domain/calls/records.js';
import { InboundVars } from '../inbound/channel-vars.js';
import { OutboundVars } from '../outbound/channel-vars.js';
import type { CallRecordWriter } from './writer.js';

/** What the consumer needs of an AMI connection (the AmiClient, or the lease holder's). */
export interface CallEventSource {
  onEvent(listener: (event: CallEvent) => void): void;
}

export interface CallRecordConsumerOptions {
  readonly maxOpenCalls?: number;
  /** A call with no event for this long lost its end (an AMI outage): given up, counted. */
  readonly maxSilentMs?: number;
  readonly now?: () => number;
}

const EXPIRY_CHECK_MS = 60_000;

/**
 * Feeds one AMI connection's events into the call-record fold and hands each finished
 * call to the writer (batched, off the call path). Attach it to whichever connection
 * holds AMI for this instance.
 */
export function attachCallRecords(source: CallEventSource, writer: CallRecordWriter, log: Logger, options: CallRecordConsumerOptions = {}) {
  const now = options.now ?? Date.now;
  const fold = new CallRecordFold(
    { outbound: OutboundVars.result, inbound: InboundVars.result, did: OutboundVars.did },
    { maxOpenCalls: options.maxOpenCalls ?? 50_000 },
  );
  source.onEvent((event) => {
    const record = fold.apply(event, now());
    if (record) writer.record(record);
  });
  const timer = setInterval(() => {
    const expired = fold.expire(now(), options.maxSilentMs ?? 6 * 3600_000);
    if (expired > 0) log.warn({ expired, givenUp: fold.givenUp }, 'call records: calls without an end were given up');
  }, EXPIRY_CHECK_MS);
  timer.unref();
  return {
    get openCalls() {
      return fold.openCalls;
    },
    stop: () => clearInterval(timer),
  };
}
