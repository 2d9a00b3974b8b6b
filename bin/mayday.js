#!/usr/bin/env node
// The `mayday` CLI: runs the TypeScript sources through tsx (compiled builds run dist/src/cli/main.js).
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/run.ts');
