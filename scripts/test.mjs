// The test command: type-check, lint, bundle the extension, then run every unit and protocol test with node:test.
// `node scripts/test.mjs [filter]` runs only the test files whose path contains `filter` (without type-check and lint).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { compile } from './compile-ts.mjs';

// Messages in English whatever the machine's language: the tests read them (German has its own tests).
const env = { ...process.env, LC_ALL: 'C.UTF-8', LC_MESSAGES: '', LANG: 'C.UTF-8' };

function run(command, args) {
  const result = spawnSync(command, args, { stdio: 'inherit', env });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

function findTests(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return findTests(full);
    return entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

const filter = process.argv[2];
if (!filter) {
  run(process.execPath, ['node_modules/typescript/bin/tsc', '--noEmit', '-p', '.']);
  run(process.execPath, ['node_modules/eslint/bin/eslint.js', '.']);
  run(process.execPath, ['node_modules/prettier/bin/prettier.cjs', '--check', '--log-level', 'warn', '.']);
}
run(process.execPath, ['esbuild.mjs']);
const tests = findTests('test/unit')
  .filter((file) => !filter || file.includes(filter))
  .sort();
if (tests.length === 0) {
  console.error(`no test file under test/unit has "${filter}" in its path`);
  process.exit(2);
}
const compiled = await compile(tests);
run(process.execPath, ['--enable-source-maps', '--test', '--test-concurrency=2', ...compiled]);
