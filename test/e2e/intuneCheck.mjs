#!/usr/bin/env node
// "Upload to Intune…" as a user does it in the real workbench (code-server + headless Chromium, see harness.mjs): click
// the header's code lens on a file whose rows carry their own Group Tag and Assigned User, then by keyboard: find
// the tenant picker with nothing pre-selected, type the customer's domain and take "Use tenant …", sign in to that
// tenant with a device code (the local identity provider approves it), read the confirmation (tenant, file, devices,
// group tags, assigned users) and confirm with Enter; then see the results on the rows: the 808 device in the
// Problems panel, gutter checks on the registered rows, the header's code lens, and the summary; a user typed into a
// row's Assigned User takes that row's result away until the edit is undone; the results' lens offers the upload
// again. The identity provider and the Graph double (test/doubles) run in this process on 127.0.0.1.
// Screenshots: test-output/e2e/intune-*.png. Prints a plain `N passed, N failed` line.
//
//   node test/e2e/intuneCheck.mjs [--extension DIR] [--timeout MS] [--env NAME=VALUE] [--keep]
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { compile } from '../../scripts/compile-ts.mjs';
import { saveScreenshot, goToLine, log, outputDir, parseArgs, repoRoot, withCodeServer, reportAndExit } from './harness.mjs';

const options = parseArgs(process.argv.slice(2), { timeoutMs: 300_000 });
const STEP_TIMEOUT = 45_000;
const FILE = 'intune.csv';

const shot = (page, name) => saveScreenshot(page, `intune-${name}`);

/** upload.csv's devices with an Assigned User on the first row: the Intune format's per-device columns. */
function makeWorkspace() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'autopilot-csv-intune-e2e-'));
  const lines = readFileSync(path.join(repoRoot, 'test', 'e2e', 'workspace', 'upload.csv'), 'utf8')
    .split(/\r?\n/)
    .filter(Boolean);
  const rows = lines.slice(1).map((line, index) => `${line},${index === 0 ? 'ana@contoso.example' : ''}`);
  writeFileSync(path.join(dir, FILE), `${[`${lines[0]},Assigned User`, ...rows].join('\r\n')}\r\n`);
  return { dir, hashes: lines.slice(1).map((line) => line.split(',')[2]), tags: lines.slice(1).map((line) => line.split(',')[3]) };
}

async function main() {
  if (!existsSync(path.join(options.extension, 'dist', 'client.js'))) {
    throw new Error(`extension bundle missing: ${path.join(options.extension, 'dist', 'client.js')} (run node esbuild.mjs)`);
  }
  mkdirSync(outputDir, { recursive: true });
  const [doublesFile] = await compile(['test/e2e/intuneDoubles.ts']);
  const doubles = createRequire(import.meta.url)(path.resolve(repoRoot, doublesFile));
  const certDir = mkdtempSync(path.join(os.tmpdir(), 'autopilot-csv-intune-cert-'));
  const workspace = makeWorkspace();
  process.on('exit', () => {
    rmSync(certDir, { recursive: true, force: true });
    rmSync(workspace.dir, { recursive: true, force: true });
  });
  Object.assign(options.env, doubles.writeTestCertificate(certDir, options.env.NODE_EXTRA_CA_CERTS ?? process.env.NODE_EXTRA_CA_CERTS));
  options.workspace = workspace.dir;

  const contoso = randomUUID();
  const idp = await doubles.FakeIdentityProvider.start(
    { tenantId: randomUUID(), tenantDomains: { 'contoso.example': contoso } },
    { certificate: doubles.readTestCertificate(options.env) },
  );
  const graph = await doubles.FakeGraph.start([contoso]);
  // Line 3's device belongs to another organization (808).
  graph.preRegister(randomUUID(), { hardwareHash: workspace.hashes[1] });
  options.userSettings = {
    'autopilot.signIn.clientId': idp.settings.clientId,
    'autopilot.signIn.authority': idp.authority,
    'autopilot.intune.graphEndpoint': graph.baseUrl,
    'autopilot.signIn.useDeviceCode': true,
    'editor.codeLens': true,
  };

  const results = [];
  try {
    await withCodeServer(options, async (session) => {
      const { page } = session;
      page.setDefaultTimeout(STEP_TIMEOUT);
      await session.automation();
      const quickInput = page.locator('.quick-input-widget');
      const input = page.locator('.quick-input-widget .quick-input-box input');
      const dialog = page.locator('.monaco-dialog-box');
      const palette = async (command) => {
        await page.keyboard.press('Control+Shift+P');
        await input.waitFor();
        await input.fill(`>${command}`);
        await page.locator('.quick-input-widget .monaco-list-row', { hasText: command }).first().waitFor();
        await page.keyboard.press('Enter');
      };
      const uploadProblems = async () =>
        (await page.locator('.markers-panel .monaco-list-row').allInnerTexts())
          .map((text) => text.replace(/\s+/g, ' '))
          .flatMap((text) => {
            const code = /\b(upload-[a-z-]+)\b/.exec(text)?.[1];
            const line = /\[Ln (\d+),/.exec(text)?.[1];
            return code && line ? [`${code}@${line}`] : [];
          })
          .sort();
      const waitFor = async (what, probe) => {
        const deadline = Date.now() + STEP_TIMEOUT;
        let seen;
        while (Date.now() < deadline) {
          seen = await probe();
          if (seen.ok) return seen.value;
          await page.waitForTimeout(250);
        }
        throw new Error(`${what}: saw ${JSON.stringify(seen?.value)}`);
      };
      const state = {};
      const steps = [
        [
          'workbench loads with the workspace',
          async () => {
            await session.openWorkbench(FILE);
          },
        ],
        [
          `${FILE} opens and the header's "Upload to Intune…" code lens runs it; the tenant picker has nothing pre-selected`,
          async () => {
            await page.keyboard.press('Control+P');
            await input.waitFor();
            await input.fill(FILE);
            await page.locator('.quick-input-widget .monaco-list-row', { hasText: FILE }).first().waitFor();
            await page.keyboard.press('Enter');
            await page.locator('.editor-instance .monaco-editor .view-lines', { hasText: 'Device Serial Number' }).waitFor();
            await page.locator('.editor-instance .codelens-decoration a', { hasText: 'Upload to Intune…' }).click();
            await page.locator('.quick-input-widget .quick-input-title', { hasText: "Upload to which tenant's Intune?" }).waitFor();
            await page.waitForTimeout(500);
            const focused = await page.locator('.quick-input-widget .monaco-list-row.focused').count();
            // Enter on the empty picker picks nothing.
            await page.keyboard.press('Enter');
            await page.waitForTimeout(500);
            if (!(await quickInput.isVisible())) throw new Error('Enter on the untouched picker closed it');
            if (focused !== 0) throw new Error(`${focused} tenant(s) pre-selected`);
          },
        ],
        [
          'typing the domain offers "Use tenant contoso.example"; Enter takes it and signs in to that tenant with a device code',
          async () => {
            await input.fill('contoso.example');
            await page.locator('.quick-input-widget .monaco-list-row.focused', { hasText: 'Use tenant contoso.example' }).waitFor();
            await shot(page, 'tenant-picker');
            await page.keyboard.press('Enter');
            await idp.waitUntil(() => idp.requests.some((request) => request.path === '/contoso.example/oauth2/v2.0/devicecode'));
            idp.approveDeviceCode();
          },
        ],
        [
          'the confirmation names tenant, file, devices, group tags and the assigned user; Enter uploads',
          async () => {
            await dialog.waitFor();
            const text = (await dialog.innerText()).replace(/\s+/g, ' ');
            log(`confirmation: ${text}`);
            await shot(page, 'confirmation');
            const tags = [...new Set(workspace.tags)];
            for (const expected of [
              'Upload 4 devices to contoso.example?',
              `tenant ${contoso}, in Intune`,
              `File: ${FILE}`,
              `Group tags (each device its own): ${tags[0]} (`,
              'Assigned users: 1 device, ana@contoso.example',
            ]) {
              if (!text.includes(expected)) throw new Error(`the confirmation does not say "${expected}"`);
            }
            if (graph.requests.some((request) => request.method === 'POST')) throw new Error('devices were sent before the confirmation');
            await page.keyboard.press('Enter');
            await dialog.waitFor({ state: 'hidden' });
          },
        ],
        [
          'the results land on the rows: 808 in Problems, gutter checks, the code lens, the summary',
          async () => {
            await page.keyboard.press('Control+Shift+M');
            state.problems = await waitFor('the Problems panel', async () => {
              const value = await uploadProblems();
              return { ok: JSON.stringify(value) === JSON.stringify(['upload-rejected@3']), value };
            });
            state.lens = await waitFor('the code lens', async () => {
              const value = (await page.locator('.contentWidgets .codelens-decoration').allInnerTexts()).join(' | ');
              return { ok: /contoso\.example: 3 registered · 1 rejected/.test(value), value };
            });
            log(`code lens: ${state.lens}`);
            if (state.lens.includes('Upload to')) throw new Error(`the upload lenses stayed beside the results: ${state.lens}`);
            const sent = graph.requests.find((request) => request.method === 'POST' && request.path.endsWith('/import'));
            const first = sent?.body?.importedWindowsAutopilotDeviceIdentities?.[0];
            if (first?.assignedUserPrincipalName !== 'ana@contoso.example') throw new Error('the first device went without its user');
            await shot(page, 'results');
            await palette('Notifications: Show Notifications');
            const summary = page.locator('.notifications-center .notification-list-item', { hasText: 'Upload to contoso.example:' });
            await summary.waitFor();
            state.summary = (await summary.innerText()).replace(/\s+/g, ' ');
            log(`summary: ${state.summary}`);
            if (!state.summary.includes('3 registered, 1 rejected')) throw new Error(`summary: ${state.summary}`);
            await shot(page, 'summary');
            if (!graph.records.every((record) => record.deleted)) throw new Error('import records were left behind');
          },
        ],
        [
          'another Assigned User typed into the first row takes its result away; undo brings it back',
          async () => {
            const lensText = () =>
              page
                .locator('.contentWidgets .codelens-decoration')
                .allInnerTexts()
                .then((texts) => texts.join(' | '));
            await page.keyboard.press('Escape');
            await goToLine(page, 2);
            await page.keyboard.press('End');
            await page.keyboard.type('x');
            const edited = await waitFor('the code lens after the edit', async () => {
              const value = await lensText();
              return { ok: /contoso\.example: 2 registered · 1 rejected/.test(value), value };
            });
            log(`code lens after the edit: ${edited}`);
            await shot(page, 'user-edited');
            await page.keyboard.press('Control+Z');
            await waitFor('the code lens after undo', async () => {
              const value = await lensText();
              return { ok: /contoso\.example: 3 registered · 1 rejected/.test(value), value };
            });
          },
        ],
        [
          'the results lens offers "Upload Again…", which starts the Intune upload of the file again',
          async () => {
            // Back to the start of the file: the header's lenses scroll with the text, which the edit took sideways.
            await page.keyboard.press('Control+Home');
            await page.locator('.editor-instance .codelens-decoration a', { hasText: 'contoso.example: 3 registered' }).click();
            await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Upload Again…' }).waitFor();
            await input.fill('Upload Again');
            await page.keyboard.press('Enter');
            await page.locator('.quick-input-widget .quick-input-title', { hasText: "Upload to which tenant's Intune?" }).waitFor();
            await shot(page, 'upload-again');
            await page.keyboard.press('Escape');
          },
        ],
      ];
      await session.runSteps(steps, results, 'intuneCheck', () => shot(page, 'failure'));
    });
  } finally {
    await idp.stop();
    await graph.stop();
  }
  return results;
}

await reportAndExit(main);
