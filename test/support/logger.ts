import { pino, type Logger } from 'pino';

/** A silent logger, or one that keeps every line for assertions. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}

export interface CapturedLog {
  readonly log: Logger;
  readonly lines: () => { level: number; msg: string; [key: string]: unknown }[];
}

export function capturingLogger(level: pino.LevelWithSilent = 'debug'): CapturedLog {
  const lines: { level: number; msg: string }[] = [];
  const log = pino({ level }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { log, lines: () => lines };
}
