// Laptop route (needs internet once): runs the same e2e suite in desktop VS Code via @vscode/test-electron, which
// downloads VS Code into .vscode-test/. Not usable on the offline CI machine (no VS Code build can be downloaded
// there): CI runs test/e2e/codeServer.mjs instead. On Linux without a display: `xvfb-run -a npm run test:vscode`.
//   npm run test:vscode        (node scripts/run-ts.mjs test/e2e/runVsCode.ts: builds dist/, compiles the suite, runs it)
// VSCODE_VERSION picks the build (default: stable); AUTOPILOT_E2E_RESULT names the result file (default: a temp file).
// Same environment for the suite as test/e2e/codeServer.mjs gives it: the certificate of the local identity provider
// of the upload test is made here, before VS Code starts, and trusted through NODE_EXTRA_CA_CERTS (read by Node once,
// when the extension host starts); the test runs both doubles inside the extension host.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { writeTestCertificate } from './testCertificate';

async function main(): Promise<number> {
  // Compiled to out/test/e2e/runVsCode.js: the repository root is three levels up.
  const root = path.resolve(__dirname, '..', '..', '..');
  const suite = path.join(root, 'out', 'test', 'e2e', 'suite', 'index.js');
  for (const script of ['esbuild.mjs', path.join('scripts', 'e2e-compile.mjs')]) {
    const built = spawnSync(process.execPath, [script], { cwd: root, stdio: 'inherit' });
    if (built.status !== 0) {
      console.error(`${script} failed`);
      console.log('0 passed, 1 failed');
      return 1;
    }
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'autopilot-csv-vscode-'));
  const resultFile = process.env.AUTOPILOT_E2E_RESULT ?? path.join(tmp, 'result.txt');
  fs.writeFileSync(resultFile, '');
  let code = 0;
  try {
    await runTests({
      version: process.env.VSCODE_VERSION ?? 'stable',
      extensionDevelopmentPath: root,
      extensionTestsPath: suite,
      // test-electron starts VS Code with these added to its environment; the extension host inherits them.
      extensionTestsEnv: { AUTOPILOT_E2E_RESULT: resultFile, ...writeTestCertificate(tmp) },
      launchArgs: [
        path.join(root, 'test', 'e2e', 'workspace'),
        '--user-data-dir',
        path.join(tmp, 'user-data'),
        '--extensions-dir',
        path.join(tmp, 'extensions'),
        '--disable-extensions',
        '--disable-workspace-trust',
        '--skip-welcome',
        '--skip-release-notes',
      ],
    });
  } catch (error) {
    // runTests rejects with TestRunFailedError when the suite (or VS Code) exits non-zero.
    console.error(error instanceof Error ? error.message : String(error));
    code = 1;
  }
  const line = /^\d+ passed, \d+ failed$/m.exec(fs.readFileSync(resultFile, 'utf8'))?.[0];
  console.log(line ?? '0 passed, 1 failed');
  if (!line) code = 1;
  fs.rmSync(tmp, { recursive: true, force: true, maxRetries: 3 });
  return code;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    console.log('0 passed, 1 failed');
    process.exit(1);
  },
);
