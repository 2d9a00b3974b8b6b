import { spawn, type ChildProcess } from 'node:child_process';
import type { Test } from 'tap';
import { projectRoot } from '../../src/project-root.js';
import { waitFor } from './wait.js';

export interface LogLine {
  readonly msg: string;
  readonly port?: number;
  readonly [key: string]: unknown;
}

export interface MaydayProcess {
  readonly child: ChildProcess;
  /** Every JSON log line printed so far. */
  readonly lines: readonly LogLine[];
  readonly exited: Promise<number | null>;
  /** The FastAGI port, once the server listens (starting takes seconds: tsx compiles at start). */
  agiPort(timeoutMs?: number): Promise<number>;
}

/** The real entry point (`src/main/server.ts`) in its own process, killed at teardown if still running. */
export function spawnMayday(t: Test, env: Record<string, string>): MaydayProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main/server.ts'], {
    cwd: projectRoot,
    env: { ...process.env, AGI_PORT: '0', MAYDAY_SERVICES: 'agi', LOG_LEVEL: 'info', NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  t.teardown(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  const lines: LogLine[] = [];
  let pending = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    const parts = (pending + chunk).split('\n');
    pending = parts.pop() ?? '';
    for (const part of parts) if (part.startsWith('{')) lines.push(JSON.parse(part));
  });
  child.stderr?.resume();
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    lines,
    exited,
    async agiPort(timeoutMs = 90_000) {
      const listening = await waitFor(() => lines.find((line) => line.msg === 'FastAGI server listening'), 'the server to listen', timeoutMs);
      return listening.port!;
    },
  };
}
