// Runs one TypeScript script: `node scripts/run-ts.mjs scripts/bench.ts [args...]`.
import { spawnSync } from 'node:child_process';
import { compile } from './compile-ts.mjs';

const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error('usage: node scripts/run-ts.mjs FILE.ts [args...]');
  process.exit(2);
}
const [compiled] = await compile([entry]);
const result = spawnSync(process.execPath, ['--enable-source-maps', compiled, ...args], { stdio: 'inherit' });
process.exit(result.status ?? 1);
