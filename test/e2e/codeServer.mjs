#!/usr/bin/env node
// Runs the compiled e2e suite (out/test/e2e/suite/index.js) inside a real VS Code extension host: code-server +
// headless Chromium (see harness.mjs). Builds nothing: expects dist/ (node esbuild.mjs) and the compiled suite
// (node scripts/e2e-compile.mjs). Prints the extension host's console output, then a plain `N passed, N failed`
// line, and exits with the suite's exit code (1 on a timeout or a start-up failure).
//
//   node test/e2e/codeServer.mjs [--workspace DIR] [--extension DIR] [--suite FILE.js] [--timeout MS]
//                                [--env NAME=VALUE ...] [--keep]
// Forwarded to the extension host automatically: AUTOPILOT_E2E_*, AUTOPILOT_CSV_*, NODE_EXTRA_CA_CERTS.
// Before code-server starts, makes the certificate of the local identity provider the upload test signs in against
// (out/test/e2e/testCertificate.js) and adds NODE_EXTRA_CA_CERTS and AUTOPILOT_E2E_TLS_{CERT,KEY} for it.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  defaultSuiteIndex,
  extensionEnvironment,
  log,
  parseArgs,
  parseResultLine,
  printTail,
  repoRoot,
  resultLine,
  withCodeServer,
} from './harness.mjs';

const options = parseArgs(process.argv.slice(2), { timeoutMs: 120_000 });
const suiteIndex = path.resolve(String(options.rest.suite ?? defaultSuiteIndex));
const certificateModule = path.join(repoRoot, 'out', 'test', 'e2e', 'testCertificate.js');

/**
 * The identity provider's certificate must be trusted by the extension host from its very start (Node reads
 * NODE_EXTRA_CA_CERTS once), so it is made here, before code-server (which passes its environment on to the host).
 * Removed when this process exits, whichever way.
 */
function prepareCertificate() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'autopilot-csv-e2e-cert-'));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  const { writeTestCertificate } = createRequire(import.meta.url)(certificateModule);
  Object.assign(options.env, writeTestCertificate(dir, options.env.NODE_EXTRA_CA_CERTS ?? process.env.NODE_EXTRA_CA_CERTS));
}

async function main() {
  for (const [what, file] of [
    ['extension bundle', path.join(options.extension, 'dist', 'client.js')],
    ['compiled suite', suiteIndex],
    ['compiled certificate maker', certificateModule],
  ]) {
    if (!existsSync(file)) throw new Error(`${what} missing: ${file} (run node esbuild.mjs && node scripts/e2e-compile.mjs)`);
  }
  prepareCertificate();

  const started = Date.now();
  return withCodeServer(options, async (session) => {
    // The suite writes its `N passed, N failed` line here (unless the caller chose a file).
    const resultFile = options.env.AUTOPILOT_E2E_RESULT ?? process.env.AUTOPILOT_E2E_RESULT ?? path.join(session.tmp, 'result.txt');
    const env = { ...options.env, AUTOPILOT_E2E_RESULT: resultFile };
    writeFileSync(resultFile, '');

    const { page } = session;
    const { exitCode } = await session.automation();
    const browserErrors = [];
    page.on('pageerror', (error) => browserErrors.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') browserErrors.push(message.text());
    });

    const payload = [
      ['extensionDevelopmentPath', session.remoteUri(options.extension)],
      ['extensionTestsPath', session.remoteUri(suiteIndex)],
      ['extensionEnvironment', JSON.stringify(extensionEnvironment(env))],
    ];
    await page.goto(session.workbenchUrl(payload));

    // The overall --timeout is enforced by withCodeServer (it tears everything down and rejects).
    const code = await Promise.race([
      exitCode,
      session.exited.then(({ code: c, signal }) => {
        throw new Error(`code-server exited while the suite ran (code ${c}, signal ${signal})`);
      }),
    ]).catch((error) => {
      log(error.message);
      printTail('browser console errors', browserErrors.join('\n'), 20);
      printTail('code-server log', session.codeServerLog());
      return 1;
    });
    const result = parseResultLine(readFileSync(resultFile, 'utf8'));
    if (code !== 0) session.printExtensionHostLogs();
    log(`logs: ${session.saveLogs('codeServer')}`);
    log(`suite exit code ${code} after ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return { code, result };
  });
}

let exit = 1;
try {
  const { code, result } = await main();
  exit = code === 0 && result && result.failed === 0 ? 0 : code || 1;
  const counts = result ?? { passed: 0, failed: 1 }; // no result: the suite never got to report
  if (!result) log('the suite reported no result');
  console.log(resultLine(counts.passed, code !== 0 && counts.failed === 0 ? 1 : counts.failed));
} catch (error) {
  log(error instanceof Error ? error.message : String(error));
  console.log(resultLine(0, 1));
}
process.exit(exit);
