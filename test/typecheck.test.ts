import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import t from 'tap';
import { projectRoot } from '../src/project-root.js';

// tap runs the tests transpile-only; this keeps the whole tree honest under `strict`.
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

t.test('the project type-checks under strict settings', async (t) => {
  const output = await new Promise<string>((resolve) => {
    execFile(process.execPath, [tsc, '-p', 'tsconfig.json', '--noEmit', '--pretty', 'false'], { cwd: projectRoot }, (_error, stdout) =>
      resolve(stdout),
    );
  });
  const errors = output.split('\n').filter((line) => line.includes('error TS'));
  t.same(errors, [], 'no type errors');
});
