// Asterisk extension patterns (`_07XXXXXXXX`, `_00X.`, `112`), compiled once into a
// matcher. Without a leading `_` the pattern is a literal that must equal the number.

/** What may follow the fixed positions: nothing, `.` (one or more) or `!` (zero or more). */
export type PatternTail = 'none' | 'oneOrMore' | 'zeroOrMore';

export interface PatternMatcher {
  readonly source: string;
  /** One entry per fixed position: the characters allowed there. */
  readonly positions: readonly string[];
  readonly tail: PatternTail;
  matches(digits: string): boolean;
  /** True when some number beginning with `prefix` matches the pattern. */
  acceptsNumbersStartingWith(prefix: string): boolean;
}

export type CompileResult =
  | { readonly ok: true; readonly matcher: PatternMatcher }
  | { readonly ok: false; readonly error: string };

const LITERAL_CHAR = /^[0-9*#+]$/;
const DIGITS = '0123456789';
const WILDCARDS: Readonly<Record<string, string>> = {
  X: DIGITS,
  Z: DIGITS.slice(1),
  N: DIGITS.slice(2),
};

type Parsed =
  | { readonly ok: true; readonly positions: string[]; readonly tail: PatternTail }
  | { readonly ok: false; readonly error: string };

export function compilePattern(text: string): CompileResult {
  const isWildcard = text.startsWith('_');
  const body = isWildcard ? text.slice(1) : text;
  if (body === '') return { ok: false, error: 'empty pattern' };
  const parsed = isWildcard ? parseWildcard(body) : parseLiteral(body);
  if (!parsed.ok) return parsed;
  return { ok: true, matcher: buildMatcher(text, body, isWildcard, parsed.positions, parsed.tail) };
}

function parseLiteral(body: string): Parsed {
  for (const char of body) {
    if (!LITERAL_CHAR.test(char)) return { ok: false, error: `invalid character ${char}` };
  }
  return { ok: true, positions: [...body], tail: 'none' };
}

function parseWildcard(body: string): Parsed {
  const positions: string[] = [];
  let index = 0;
  while (index < body.length) {
    const char = body.charAt(index);
    if (char === '.' || char === '!') {
      if (index !== body.length - 1) return { ok: false, error: `${char} is only allowed at the end` };
      return { ok: true, positions, tail: char === '.' ? 'oneOrMore' : 'zeroOrMore' };
    }
    if (char === '[') {
      const close = body.indexOf(']', index + 1);
      if (close === -1) return { ok: false, error: 'unclosed [' };
      const chars = parseClass(body.slice(index + 1, close));
      if (!chars.ok) return chars;
      positions.push(chars.chars);
      index = close + 1;
      continue;
    }
    const wildcard = WILDCARDS[char.toUpperCase()];
    if (wildcard !== undefined) positions.push(wildcard);
    else if (LITERAL_CHAR.test(char)) positions.push(char);
    else return { ok: false, error: `invalid character ${char}` };
    index += 1;
  }
  return { ok: true, positions, tail: 'none' };
}

type ClassResult = { readonly ok: true; readonly chars: string } | { readonly ok: false; readonly error: string };

/** `13-5` → `1345`; ranges only between digits. */
function parseClass(content: string): ClassResult {
  if (content === '') return { ok: false, error: 'empty []' };
  const chars = new Set<string>();
  let index = 0;
  while (index < content.length) {
    const char = content.charAt(index);
    if (content.charAt(index + 1) === '-') {
      const end = content.charAt(index + 2);
      if (!isDigit(char) || !isDigit(end) || end < char) {
        return { ok: false, error: `invalid range ${char}-${end} in []` };
      }
      for (let code = char.charCodeAt(0); code <= end.charCodeAt(0); code += 1) chars.add(String.fromCharCode(code));
      index += 3;
      continue;
    }
    if (!LITERAL_CHAR.test(char)) return { ok: false, error: `invalid character ${char} in []` };
    chars.add(char);
    index += 1;
  }
  return { ok: true, chars: [...chars].join('') };
}

function isDigit(char: string): boolean {
  return char.length === 1 && char >= '0' && char <= '9';
}

function buildMatcher(
  source: string,
  body: string,
  isWildcard: boolean,
  positions: readonly string[],
  tail: PatternTail,
): PatternMatcher {
  const matches = isWildcard ? regexMatcher(positions, tail) : (digits: string) => digits === body;
  return {
    source,
    positions,
    tail,
    matches,
    acceptsNumbersStartingWith: (prefix) => acceptsPrefix(positions, tail, prefix),
  };
}

function regexMatcher(positions: readonly string[], tail: PatternTail): (digits: string) => boolean {
  const fixed = positions.map((chars) => (chars.length === 1 ? escape(chars) : `[${escape(chars)}]`)).join('');
  const rest = tail === 'oneOrMore' ? '.+' : tail === 'zeroOrMore' ? '.*' : '';
  const regex = new RegExp(`^${fixed}${rest}$`, 's');
  return (digits) => regex.test(digits);
}

function escape(chars: string): string {
  return chars.replace(/[*+]/g, '\\$&');
}

function acceptsPrefix(positions: readonly string[], tail: PatternTail, prefix: string): boolean {
  if (prefix.length > positions.length && tail === 'none') return false;
  const checked = Math.min(prefix.length, positions.length);
  for (let index = 0; index < checked; index += 1) {
    if (!positions[index]?.includes(prefix.charAt(index))) return false;
  }
  return true;
}
