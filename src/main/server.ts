// `npm start`: the only file that listens (through startMayday) and owns the process.
import { ConfigError, loadConfig } from '../config/env.js';
import { createLogger } from './logger.js';
import { startMayday } from './mayday.js';

let config;
try {
  config = loadConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}

const log = createLogger(config.logLevel);

process.on('unhandledRejection', (reason) => {
  log.error({ err: reason }, 'unhandled promise rejection (kept running)');
});

let mayday;
try {
  mayday = await startMayday(config, log);
} catch (error) {
  log.fatal({ err: error }, 'Mayday could not start');
  process.exit(1);
}

let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down: draining live calls');
    mayday
      .close()
      .then(() => {
        log.info('stopped');
        process.exit(0);
      })
      .catch((error: unknown) => {
        log.error({ err: error }, 'error while shutting down');
        process.exit(1);
      });
  });
}
