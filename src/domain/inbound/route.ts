// Inbound routes as stored: which destination a call to a DID gets, optionally only for
// some callers, optionally depending on a schedule.

import type { Destination } from './destination.js';

export interface InboundRoute {
  readonly name: string;
  /** A configured DID (exact) or an Asterisk pattern (`_03100000XX`) over configured DIDs. */
  readonly did: string;
  /** Null: any caller. `anonymous`: a withheld caller ID. Otherwise a number in any form, or a pattern. */
  readonly caller: string | null;
  /** Null: always open. */
  readonly schedule: string | null;
  /** Where the call goes (while the schedule is open). */
  readonly destination: Destination;
  /** Where the call goes while the schedule is closed; required with a schedule. */
  readonly closedDestination: Destination | null;
  readonly enabled: boolean;
}

export const ANONYMOUS_CALLER = 'anonymous';
