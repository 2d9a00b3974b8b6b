// The naive baseline: the same FastAGI module, decision and channel variables as Mayday's
// `outbound`, but every call reads the whole configuration from MariaDB and builds its
// snapshot from scratch instead of reading the in-memory one. It writes no decision log,
// which only flatters it.
import { pino } from 'pino';
import { loadConfigData, readConfigVersion } from '../src/data/config-repository.js';
import { createPrismaClient } from '../src/data/prisma.js';
import { createSnapshot } from '../src/domain/config/snapshot.js';
import { decideOutbound } from '../src/domain/outbound/decide.js';
import { FastAgiServer, type AgiScript } from '../src/telephony/fastagi/index.js';
import { outboundVariables } from '../src/outbound/channel-vars.js';

const port = Number(process.env.PORT);
const databaseUrl = process.env.DATABASE_URL;
if (!Number.isInteger(port) || databaseUrl === undefined) throw new Error('naive-server needs PORT and DATABASE_URL');

const prisma = createPrismaClient(databaseUrl);

const outbound: AgiScript = async (session) => {
  const { env } = session;
  const agent = env.args[0] || env.callerId || '';
  const dialed = env.args[1] || env.extension;
  const [data, configVersion] = await Promise.all([loadConfigData(prisma), readConfigVersion(prisma)]);
  const decision = decideOutbound({ agent, dialed }, createSnapshot(data, configVersion));
  for (const [name, value] of outboundVariables({ decision, configVersion, decisionMicros: 0 })) {
    await session.setVariable(name, value);
  }
};

const server = new FastAgiServer({
  host: '127.0.0.1',
  port,
  logger: pino({ level: 'warn' }),
  scripts: new Map([['outbound', outbound]]),
});
await server.listen();
console.log('ready');
