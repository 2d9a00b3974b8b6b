/** A successful (`200`) reply, e.g. `200 result=1 (bar)` or `200 result=0 endpos=10079`. */
export interface AgiReply {
  readonly code: 200;
  readonly result: string;
  /** The parenthesised part: a variable value, `timeout`, `hangup`, ... */
  readonly data?: string;
  /** Trailing `key=value` pairs such as `endpos`. */
  readonly extra: Readonly<Record<string, string>>;
  readonly line: string;
}

/** Asterisk refused the command: 510 (unknown), 511 (dead channel), 520 (usage), or a failing result. */
export class AgiCommandError extends Error {
  override readonly name = 'AgiCommandError';
  constructor(
    readonly code: number,
    message: string,
    readonly lines: readonly string[] = [],
    readonly command?: string,
  ) {
    super(command === undefined ? `${code} ${message}` : `${command}: ${code} ${message}`);
  }
}

/** A line that is not an AGI reply at all. */
export class AgiProtocolError extends Error {
  override readonly name = 'AgiProtocolError';
}

const STATUS_LINE = /^(\d{3})([ -])(.*)$/;
const TRAILING_PAIR = /^(.*?) ?([a-z_]+)=(\S*)$/;

/**
 * Groups reply lines: most replies are one line, usage replies (`520-...`) run until
 * the line that starts with the same code and a space (`520 End of proper usage.`).
 */
export class AgiReplyFramer {
  private pending: string[] = [];

  get collecting(): boolean {
    return this.pending.length > 0;
  }

  /** Returns the complete reply once its last line arrived, otherwise null. */
  push(line: string): readonly string[] | null {
    if (this.pending.length > 0) {
      this.pending.push(line);
      const first = this.pending[0] ?? '';
      if (!line.startsWith(`${first.slice(0, 3)} `)) return null;
      return this.take();
    }
    if (/^\d{3}-/.test(line)) {
      this.pending.push(line);
      return null;
    }
    return [line];
  }

  private take(): readonly string[] {
    const lines = this.pending;
    this.pending = [];
    return lines;
  }
}

/** Parses a complete reply; non-200 codes throw AgiCommandError. */
export function parseAgiReply(lines: readonly string[], command?: string): AgiReply {
  const first = lines[0] ?? '';
  const status = STATUS_LINE.exec(first);
  if (!status) throw new AgiProtocolError(`Not an AGI reply: ${JSON.stringify(first)}`);
  const code = Number(status[1]);
  const text = status[3] ?? '';
  if (code !== 200) throw new AgiCommandError(code, text, lines, command);

  const result = /^result=(\S*)(?: (.*))?$/.exec(text);
  if (!result) throw new AgiProtocolError(`AGI 200 reply without result: ${JSON.stringify(first)}`);
  return { code: 200, result: result[1] ?? '', ...parseTail(result[2] ?? ''), line: first };
}

/**
 * The tail is `(data)`, `key=value` pairs, or both (`(timeout) endpos=1234`). Pairs are
 * peeled from the end only while the tail does not end in `)`, so a variable value such
 * as `(a) b=c` stays whole.
 */
function parseTail(tail: string): { data?: string; extra: Record<string, string> } {
  const extra: Record<string, string> = {};
  let rest = tail;
  let pair: RegExpExecArray | null;
  while (!rest.endsWith(')') && (pair = TRAILING_PAIR.exec(rest))) {
    extra[pair[2] ?? ''] = pair[3] ?? '';
    rest = pair[1] ?? '';
  }
  if (rest.startsWith('(') && rest.endsWith(')')) return { data: rest.slice(1, -1), extra };
  return { extra };
}
