import type { Logger } from 'pino';
import type { AppConfig } from '../config/env.js';
import { startAgiService, type AgiService } from './agi-service.js';
import { openResources, startCore, type Core } from './core.js';
import { prepareDatabase } from './database.js';
import { startHttpService, type HttpService } from './http-service.js';

/** The shared core, plus this instance's listeners. */
export interface RunningMayday extends Core {
  readonly agi: AgiService | null;
  readonly web: HttpService | null;
  close(): Promise<void>;
}

/** The composition root: builds, wires and starts every part this instance runs (MAYDAY_SERVICES). */
export async function startMayday(config: AppConfig, log: Logger): Promise<RunningMayday> {
  await prepareDatabase(config.databaseUrl, log);
  const resources = await openResources(config, log);
  const core = await startCore(config, log, resources);

  await core.sms.start();
  core.ivr.start();
  await core.live.start();
  const agi = config.services.includes('agi') ? await startAgiService(config, log, core) : null;
  const web = config.services.includes('http')
    ? await startHttpService(config, log, core, { agiListening: () => agi?.server.listening ?? false })
    : null;

  let closing: Promise<void> | undefined;
  const close = async (): Promise<void> => {
    await web?.app.close();
    // Every protocol stops taking calls; live calls, whichever protocol holds them, get the drain time to end.
    agi?.server.stopAccepting();
    const deadline = Date.now() + config.shutdownDrainMs;
    if (!(await core.calls.whenIdle(config.shutdownDrainMs))) {
      log.warn({ live: core.calls.list().map((call) => call.uniqueId) }, 'live calls still running at the end of the drain; ending them');
    }
    await agi?.server.close({ drainTimeoutMs: Math.max(0, deadline - Date.now()) });
    await core.stop();
    await resources.close();
  };
  return {
    ...core,
    agi,
    web,
    close: () => (closing ??= close()),
  };
}
