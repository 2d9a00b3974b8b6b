// Every channel variable that crosses the dialplan/app boundary, defined once.
// Documented beside the include in dialplan/README.md; dialplan/extensions_mayday.conf uses
// exactly these names (a test keeps the two in step).

export const OutboundVars = {
  /** DIAL, REJECT, or FAILURE (Mayday could not decide: the dialplan takes its fallback path). */
  result: 'MAYDAY_RESULT',
  /** Machine-readable reject reason, e.g. NO_ROUTE. Empty on DIAL. */
  reason: 'MAYDAY_REASON',
  /** The rule that decided, e.g. "prefix 45 + route mobile". */
  rule: 'MAYDAY_RULE',
  /** The DID used as caller ID, as stored. */
  did: 'MAYDAY_DID',
  callerIdName: 'MAYDAY_CALLERID_NAME',
  /** How many dial attempts follow (MAYDAY_DIAL_1 .. MAYDAY_DIAL_<n>). */
  dialCount: 'MAYDAY_DIAL_COUNT',
  /** The config version the decision was taken from. */
  configVersion: 'MAYDAY_CONFIG_VERSION',
} as const;

/** The dial string of attempt n (1-based), in failover order. */
export const dialStringVar = (attempt: number): string => `MAYDAY_DIAL_${attempt}`;

/** The caller-ID number for attempt n, written in that trunk's number format. */
export const callerIdNumberVar = (attempt: number): string => `MAYDAY_CID_NUM_${attempt}`;

export const OutboundResults = { dial: 'DIAL', reject: 'REJECT', failure: 'FAILURE' } as const;

// Inbound (FastAGI script `inbound`, then the destination contexts). An external destination
// also sets OutboundVars.callerIdName, OutboundVars.dialCount, MAYDAY_DIAL_<n> and
// MAYDAY_CID_NUM_<n>, exactly as an outbound DIAL does.
export const InboundVars = {
  /** ROUTE, REJECT or FAILURE; empty when Mayday was unreachable. Anything but ROUTE takes the inbound fallback. */
  result: 'MAYDAY_INBOUND_RESULT',
  /** Machine-readable reject reason, e.g. NO_ROUTE. */
  reason: 'MAYDAY_INBOUND_REASON',
  /** The inbound route that decided. */
  route: 'MAYDAY_INBOUND_ROUTE',
  /** The destination kind: the dialplan continues in context mayday-dest-<kind>. */
  destinationKind: 'MAYDAY_DEST_KIND',
  /** The destination's value: menu, queue, extension, sound or voicemail box; for external, the number. */
  destination: 'MAYDAY_DEST',
} as const;

export const InboundResults = { route: 'ROUTE', reject: 'REJECT', failure: 'FAILURE' } as const;
