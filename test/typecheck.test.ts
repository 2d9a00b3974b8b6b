import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import t from 'tap';
import { projectRoot } from '../src/project-root.js';

// tap runs the tests transpile-only; this keeps the whole tree honest under `strict`.
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

t.test('the project type-checks under strict settings', async (t) => {
  const run = await new Promise<{ code: number | null; output: string }>((resolve) => {
    execFile(process.execPath, [tsc, '-p', 'tsconfig.json', '--noEmit', '--pretty', 'false'], { cwd: projectRoot }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, output: `${stdout}${stderr}` }),
    );
  });
  // Any failure counts (a bad tsconfig, a missing file, a crash), not only `error TS` lines.
  t.equal(run.code, 0, `tsc exits 0${run.code === 0 ? '' : `; it said:\n${run.output}`}`);
  t.same(run.output.split('\n').filter((line) => line.includes('error TS')), [], 'no type errors');
});
