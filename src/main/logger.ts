import { pino, type Logger } from 'pino';
import type { LogLevel } from '../config/env.js';

/** JSON logs; human-readable only when a person is watching a terminal. */
export function createLogger(level: LogLevel): Logger {
  const pretty = process.stdout.isTTY && process.env.NODE_ENV !== 'production';
  return pino({
    level,
    base: { service: 'mayday' },
    ...(pretty ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss.l' } } } : {}),
  });
}
