/** One AMI packet (a response or an event): `Key: Value` lines, keys compared case-insensitively. */
export class AmiMessage {
  constructor(private readonly fields: ReadonlyMap<string, readonly string[]>) {}

  /** The first value of `key`, or '' when absent (Asterisk itself omits empty headers inconsistently). */
  get(key: string): string {
    return this.fields.get(key.toLowerCase())?.[0] ?? '';
  }

  /** Every value of a repeated key (`Output`, `Variable`, ...), in arrival order. */
  all(key: string): readonly string[] {
    return this.fields.get(key.toLowerCase()) ?? [];
  }

  has(key: string): boolean {
    return this.fields.has(key.toLowerCase());
  }

  /** The event name, or '' for a response. */
  get event(): string {
    return this.get('event');
  }

  get actionId(): string {
    return this.get('actionid');
  }

  /** A plain object with the first value of each key, for logs. */
  toJSON(): Record<string, string> {
    return Object.fromEntries([...this.fields].map(([key, values]) => [key, values[0] ?? '']));
  }
}

export class AmiProtocolError extends Error {
  override readonly name = 'AmiProtocolError';
}

/** Bounds one packet so a peer that never sends the blank line cannot grow memory without limit. */
const MAX_PACKET_CHARS = 1024 * 1024;

/**
 * Splits the AMI byte stream into packets. The greeting line (`Asterisk Call Manager/11.0.0`)
 * is returned separately; lines end with CRLF but a bare LF is accepted.
 */
export class AmiParser {
  private buffer = '';
  private fields = new Map<string, string[]>();
  private packetChars = 0;
  private greeted = false;
  greeting = '';

  /** Feeds decoded text; returns the packets it completed. Throws AmiProtocolError on an oversized packet. */
  push(text: string): AmiMessage[] {
    this.buffer += text;
    const packets: AmiMessage[] = [];
    let start = 0;
    for (;;) {
      const end = this.buffer.indexOf('\n', start);
      if (end === -1) break;
      const line = this.buffer.charCodeAt(end - 1) === 13 ? this.buffer.slice(start, end - 1) : this.buffer.slice(start, end);
      start = end + 1;
      const packet = this.line(line);
      if (packet) packets.push(packet);
    }
    this.buffer = this.buffer.slice(start);
    if (this.packetChars + this.buffer.length > MAX_PACKET_CHARS) {
      throw new AmiProtocolError(`AMI packet larger than ${MAX_PACKET_CHARS} characters without an end`);
    }
    return packets;
  }

  private line(line: string): AmiMessage | undefined {
    if (!this.greeted) {
      this.greeted = true;
      if (line.startsWith('Asterisk Call Manager/')) {
        this.greeting = line;
        return undefined;
      }
    }
    if (line === '') {
      if (this.fields.size === 0) return undefined;
      const packet = new AmiMessage(this.fields);
      this.fields = new Map();
      this.packetChars = 0;
      return packet;
    }
    this.packetChars += line.length;
    const colon = line.indexOf(':');
    // A line without a colon is not AMI; keep it under its own text so nothing is silently dropped.
    const key = (colon === -1 ? line : line.slice(0, colon)).trim().toLowerCase();
    const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
    const values = this.fields.get(key);
    if (values) values.push(value);
    else this.fields.set(key, [value]);
    return undefined;
  }
}

export type AmiActionValue = string | number | boolean | readonly string[];
export type AmiActionFields = Readonly<Record<string, AmiActionValue | undefined>>;

export class AmiInputError extends Error {
  override readonly name = 'AmiInputError';
}

/**
 * Writes an action packet. A CR or LF inside a value would let it inject headers or a
 * second action, so it is refused. An array value becomes one header per element
 * (`Variable: A=1`, `Variable: B=2`).
 */
export function serializeAction(action: string, actionId: string, fields: AmiActionFields): string {
  const lines = [header('Action', action), header('ActionID', actionId)];
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const element of value) lines.push(header(key, element));
    else lines.push(header(key, String(value)));
  }
  return `${lines.join('\r\n')}\r\n\r\n`;
}

function header(key: string, value: string): string {
  if (/[\r\n]/.test(key) || /[\r\n]/.test(value) || key.includes(':')) {
    throw new AmiInputError(`AMI header ${JSON.stringify(key)} contains a line break or colon`);
  }
  return `${key}: ${value}`;
}
