import type { Test } from 'tap';
import { loadConfig } from '../../src/config/env.js';
import { startMayday, type RunningMayday } from '../../src/main/mayday.js';
import { TEST_REDIS_URL } from './addresses.js';
import { silentLogger } from './logger.js';
import type { Logger } from 'pino';

/** A real Mayday instance on ephemeral ports, stopped at teardown. */
export async function startTestMayday(
  t: Test,
  env: Record<string, string>,
  log: Logger = silentLogger(),
): Promise<RunningMayday & { agiPort: number }> {
  const config = loadConfig({ REDIS_URL: TEST_REDIS_URL, AGI_PORT: '0', HTTP_PORT: '0', MAYDAY_SERVICES: 'agi', LOG_LEVEL: 'silent', ...env });
  const mayday = await startMayday(config, log);
  t.teardown(() => mayday.close());
  if (!mayday.agi) throw new Error('test instance runs without its FastAGI listener');
  return Object.assign(mayday, { agiPort: mayday.agi.address.port });
}
