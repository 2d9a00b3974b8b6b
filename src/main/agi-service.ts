import type { Logger } from 'pino';
import { agiScripts, type ScriptServices } from '../../agi/index.js';
import type { CallTracker } from '../calls/tracker.js';
import type { AppConfig } from '../config/env.js';
import { FastAgiServer, type AgiScript, type FastAgiAddress } from '../telephony/fastagi/index.js';

export interface AgiService {
  readonly server: FastAgiServer;
  readonly address: FastAgiAddress;
}

export interface AgiServiceDeps extends ScriptServices {
  readonly calls: CallTracker;
}

/** The FastAGI listener with every script of agi/, on AGI_HOST:AGI_PORT; each running script is a live call. */
export async function startAgiService(config: AppConfig, log: Logger, deps: AgiServiceDeps): Promise<AgiService> {
  const scripts = agiScripts(deps);
  const server = new FastAgiServer({
    host: config.agiHost,
    port: config.agiPort,
    logger: log.child({ component: 'fastagi' }),
    scripts: (name) => {
      const script = scripts.get(name);
      return script && tracked(script, name, deps.calls);
    },
    commandTimeoutMs: config.agiCommandTimeoutMs,
  });
  return { server, address: await server.listen() };
}

function tracked(script: AgiScript, name: string, calls: CallTracker): AgiScript {
  return async (session, log) => {
    const end = calls.begin({ uniqueId: session.env.uniqueId, channel: session.env.channel, protocol: 'agi', purpose: name });
    try {
      await script(session, log);
    } finally {
      end();
    }
  };
}
