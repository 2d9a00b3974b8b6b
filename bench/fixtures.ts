import { parse, stringify } from 'yaml';

/** The sample configuration (numbers are fictional). */
export const BASE_CONFIG_YAML = `settings:
  countryCode: "256"
  nationalPrefix: "0"
  defaultDid: "0310000001"
  emergencyNumbers: ["112", "999"]
trunks:
  - { name: main_trunk, dial: "PJSIP/{number}@main_trunk", numberFormat: e164 }
  - { name: backup_trunk, dial: "PJSIP/{number}@backup_trunk", numberFormat: national }
dids:
  - { number: "0310000001", label: Head office, outbound: true, inbound: true }
  - { number: "0310000045", label: Outlet 45, outbound: true, inbound: true }
  - { number: "0310000046", label: Outlet 46, outbound: true, inbound: false }
  - { number: "0310000047", label: Outlet 47, outbound: false, inbound: true }
agents:
  - { extension: "1009", name: Agent 1009, defaultDid: "0310000046" }
  - { extension: "1010", name: Agent 1010, prefixes: ["45"] }
prefixes:
  - { prefix: "45", did: "0310000045" }
  - { prefix: "46", did: "0310000046" }
  - { prefix: "47", did: "0310000047" }
outboundRoutes:
  - { name: mobile, priority: 10, patterns: ["_07XXXXXXXX"], trunks: [main_trunk, backup_trunk] }
  - { name: international, priority: 20, patterns: ["_00X."], callerId: "0310000001", trunks: [main_trunk] }
`;

export const EXTRA_AGENTS = 200;
export const EXTRA_DIDS = 50;

interface BenchDocument {
  dids: Record<string, unknown>[];
  agents: Record<string, unknown>[];
}

/** The sample plus extra agents and DIDs, so decisions run against a map of realistic size. */
export function benchConfigYaml(): string {
  const document = parse(BASE_CONFIG_YAML) as BenchDocument;
  const extraDids = Array.from({ length: EXTRA_DIDS }, (_, index) => ({
    number: `03200${String(index).padStart(5, '0')}`,
    label: `Bench outlet ${index}`,
    outbound: true,
    inbound: true,
  }));
  document.dids.push(...extraDids);
  for (let index = 0; index < EXTRA_AGENTS; index += 1) {
    document.agents.push({
      extension: String(2000 + index),
      name: `Bench agent ${index}`,
      defaultDid: extraDids[index % EXTRA_DIDS]?.number,
    });
  }
  return stringify(document);
}

export interface BenchCall {
  readonly agent: string;
  readonly dialed: string;
}

/** Session i plays BENCH_CALLS[i % length]. */
export const BENCH_CALLS: readonly BenchCall[] = [
  { agent: '1009', dialed: '0712345678' },
  { agent: '1009', dialed: '450712345678' },
  { agent: '1010', dialed: '0712345678' },
];
