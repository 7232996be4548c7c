// Compiles the real-editor e2e suite to out/test/e2e/ (`vscode` and `mocha` stay external: compile() keeps every
// package external). The suite folder is emptied first so a deleted test cannot linger as a stale .js file.
// Also compiles testCertificate.ts, which the runners (codeServer.mjs, runVsCode.ts) call before the editor starts.
// Usage: node scripts/e2e-compile.mjs   -> prints the compiled suite index path.
import { readdirSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile } from './compile-ts.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);

const suiteDir = 'test/e2e/suite';
rmSync(path.join('out', suiteDir), { recursive: true, force: true });
const suite = readdirSync(suiteDir)
  .filter((name) => name === 'index.ts' || name.endsWith('.test.ts'))
  .sort()
  .map((name) => `${suiteDir}/${name}`);
await compile([...suite, 'test/e2e/runVsCode.ts', 'test/e2e/testCertificate.ts']);
console.log(`compiled ${suite.length} suite files -> ${path.join(root, 'out', suiteDir, 'index.js')}`);
