import type { Logger } from 'pino';
import type { AgiScript } from './server.js';
import type { AgiSession } from './session.js';

/** What a script tells the dialplan when it fails, e.g. a result variable set to FAILURE. */
export type AgiFailureHandler = (session: AgiSession, error: Error, log: Logger) => Promise<void>;

/**
 * `script`, plus its own failure handling: when it throws while the call is still up,
 * `onFailure` runs first (its own error is logged, never thrown), then the error goes on
 * to the server, which logs it and closes the session.
 */
export function withFailureHandler(script: AgiScript, onFailure: AgiFailureHandler): AgiScript {
  return async (session, log) => {
    try {
      await script(session, log);
    } catch (error) {
      if (!session.ended) {
        await onFailure(session, error as Error, log).catch((handlerError: unknown) =>
          log.warn({ err: handlerError }, 'FastAGI failure handler failed'),
        );
      }
      throw error;
    }
  };
}
