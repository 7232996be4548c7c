// Test entry for a real VS Code extension host: the `run(): Promise<void>` contract of @vscode/test-electron,
// also used by the code-server runner (test/e2e/codeServer.mjs). Compiled to out/test/e2e/suite/index.js;
// it runs every compiled `*.test.js` beside it with mocha, prints a plain `N passed, N failed` line and, when
// AUTOPILOT_E2E_RESULT names a file, writes that line there too. AUTOPILOT_E2E_GREP runs only the tests whose full
// title matches it (`node test/e2e/codeServer.mjs --env AUTOPILOT_E2E_GREP=sample`).
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, grep: process.env.AUTOPILOT_E2E_GREP || undefined });
  // The smoke test first: it checks that opening an Autopilot CSV is what activates the extension, which only
  // holds while no other test has opened one yet.
  const first = (name: string): number => (name === 'smoke.test.js' ? 0 : 1);
  const files = fs
    .readdirSync(__dirname)
    .filter((name) => name.endsWith('.test.js'))
    .sort((a, b) => first(a) - first(b) || a.localeCompare(b));
  for (const name of files) mocha.addFile(path.join(__dirname, name));

  return new Promise<void>((resolve, reject) => {
    let passed = 0;
    let failed = 0;
    const report = (): string => {
      const line = `${passed} passed, ${failed} failed`;
      console.log(`\n${line}`);
      const resultFile = process.env.AUTOPILOT_E2E_RESULT;
      if (resultFile) fs.writeFileSync(resultFile, `${line}\n`);
      return line;
    };
    try {
      const runner = mocha.run(() => {
        const line = report();
        if (files.length === 0) reject(new Error(`no *.test.js files in ${__dirname}`));
        else if (failed > 0) reject(new Error(line));
        else resolve();
      });
      runner.on('pass', () => void passed++);
      // 'fail' also fires for failing hooks: they count as failures.
      runner.on('fail', () => void failed++);
    } catch (error) {
      failed++;
      report();
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
}
