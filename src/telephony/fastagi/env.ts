/**
 * The `agi_*` block Asterisk sends when a FastAGI connection opens.
 *
 * Asterisk reports absent caller ID, DNID and RDNIS as the literal `unknown`; those
 * fields are null here so the app never mistakes `unknown` for a number. `raw` keeps
 * the values exactly as sent.
 */
export interface AgiEnvironment {
  readonly network: boolean;
  /** What followed `host:port/` in the AGI() URL; Asterisk omits it when empty. */
  readonly networkScript: string;
  /** The full request URL, e.g. `agi://127.0.0.1:4573/outbound?mode=test`. */
  readonly request: string;
  /** Path of the request URL without the leading slash, e.g. `outbound`. */
  readonly script: string;
  /** Query string of the request URL. */
  readonly query: Readonly<Record<string, string>>;
  readonly channel: string;
  readonly language: string;
  readonly type: string;
  readonly uniqueId: string;
  readonly version: string;
  readonly callerId: string | null;
  readonly callerIdName: string | null;
  readonly dnid: string | null;
  readonly rdnis: string | null;
  readonly context: string;
  readonly extension: string;
  readonly priority: string;
  readonly enhanced: string;
  readonly accountCode: string;
  readonly threadId: string;
  /** `agi_arg_1..N`, values as sent (spaces and colons kept). */
  readonly args: readonly string[];
  readonly raw: Readonly<Record<string, string>>;
}

export type AgiEnvironmentProblem = 'malformed' | 'too-large' | 'too-many-lines' | 'missing-request' | 'timeout';

export class AgiEnvironmentError extends Error {
  override readonly name = 'AgiEnvironmentError';
  constructor(
    readonly problem: AgiEnvironmentProblem,
    message: string,
  ) {
    super(message);
  }
}

export const MAX_ENV_BYTES = 64 * 1024;
export const MAX_ENV_LINES = 200;

const ENV_LINE = /^(agi_[a-z0-9_]+): (.*)$/;
const ARG_PREFIX = 'agi_arg_';
const ABSENT = 'unknown';

/** Parses the lines of the block (without the terminating blank line). */
export function parseAgiEnvironment(lines: readonly string[]): AgiEnvironment {
  if (lines.length > MAX_ENV_LINES) {
    throw new AgiEnvironmentError('too-many-lines', `AGI environment has more than ${MAX_ENV_LINES} lines`);
  }
  const raw: Record<string, string> = {};
  const args: string[] = [];
  for (const line of lines) {
    // The name cannot contain a colon, so this splits at the first ": " only.
    const match = ENV_LINE.exec(line);
    if (!match) {
      throw new AgiEnvironmentError('malformed', `Not an AGI environment line: ${JSON.stringify(line.slice(0, 80))}`);
    }
    const name = match[1] ?? '';
    const value = match[2] ?? '';
    raw[name] = value;
    if (name.startsWith(ARG_PREFIX)) args[argumentIndex(name)] = value;
  }

  const request = raw['agi_request'];
  if (request === undefined || request === '') {
    throw new AgiEnvironmentError('missing-request', 'AGI environment has no agi_request');
  }
  const { script, query } = parseRequestUrl(request);
  const text = (name: string): string => raw[`agi_${name}`] ?? '';
  const known = (name: string): string | null => {
    const value = text(name);
    return value === ABSENT || value === '' ? null : value;
  };

  return {
    network: text('network') === 'yes',
    networkScript: text('network_script'),
    request,
    script,
    query,
    channel: text('channel'),
    language: text('language'),
    type: text('type'),
    uniqueId: text('uniqueid'),
    version: text('version'),
    callerId: known('callerid'),
    callerIdName: known('calleridname'),
    dnid: known('dnid'),
    rdnis: known('rdnis'),
    context: text('context'),
    extension: text('extension'),
    priority: text('priority'),
    enhanced: text('enhanced'),
    accountCode: text('accountcode'),
    threadId: text('threadid'),
    args: Array.from(args, (value) => value ?? ''),
    raw,
  };
}

function parseRequestUrl(request: string): { script: string; query: Record<string, string> } {
  let url: URL;
  try {
    url = new URL(request);
  } catch {
    throw new AgiEnvironmentError('malformed', `agi_request is not a URL: ${JSON.stringify(request.slice(0, 200))}`);
  }
  let script: string;
  try {
    script = decodeURIComponent(url.pathname.replace(/^\/+/, ''));
  } catch {
    throw new AgiEnvironmentError('malformed', `agi_request has an invalid path: ${JSON.stringify(request.slice(0, 200))}`);
  }
  return { script, query: Object.fromEntries(url.searchParams) };
}

function argumentIndex(name: string): number {
  const digits = name.slice(ARG_PREFIX.length);
  const position = Number(digits);
  if (!/^\d+$/.test(digits) || position < 1 || position > MAX_ENV_LINES) {
    throw new AgiEnvironmentError('malformed', `AGI argument out of range: ${name}`);
  }
  return position - 1;
}
