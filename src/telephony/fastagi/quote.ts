/** Thrown when a command would contain a line break: one AGI command is exactly one line. */
export class AgiCommandInjectionError extends Error {
  override readonly name = 'AgiCommandInjectionError';
  constructor(readonly command: string) {
    super('AGI command must not contain a line break or NUL character');
  }
}

const LINE_BREAK_OR_NUL = /[\r\n\0]/;
const NEEDS_QUOTES = /[\s"\\]/;

export function assertSingleLine(command: string): void {
  if (LINE_BREAK_OR_NUL.test(command)) throw new AgiCommandInjectionError(command);
}

/**
 * Quote one argument the way Asterisk's AGI parser (res_agi.c parse_args) reads it back:
 * double quotes group words, a backslash escapes the next character.
 */
export function quoteAgiArgument(value: string | number): string {
  const text = String(value);
  assertSingleLine(text);
  if (text !== '' && !NEEDS_QUOTES.test(text)) return text;
  return `"${text.replace(/[\\"]/g, (char) => `\\${char}`)}"`;
}

/** `formatAgiCommand('SET VARIABLE', ['FOO', 'a b'])` → `SET VARIABLE FOO "a b"`. */
export function formatAgiCommand(verb: string, args: readonly (string | number)[] = []): string {
  assertSingleLine(verb);
  return [verb, ...args.map(quoteAgiArgument)].join(' ');
}
