#!/usr/bin/env node
// The upload as a user does it in the real workbench (code-server + headless Chromium, see harness.mjs), by keyboard:
// run "Upload to Partner Center…" from the Command Palette, sign in with a device code (the local identity provider,
// served from this process, approves it), find the customer picker with nothing pre-selected (Enter alone does
// nothing; typing the name and Enter picks it), read the confirmation (customer, tenant, file, devices, batches, the
// device already registered) and confirm with Enter; then see the results on the rows (Problems, gutter checks, the
// header code lens), insert a line above (they move), edit a cell (its result goes), undo, close and reopen the file
// and reload the window (they stay), and clear them. A second file with warnings: the confirmation names them and
// Enter does not upload. Both doubles (test/doubles) run in this process on 127.0.0.1; the identity provider's
// certificate is made before code-server starts and trusted through NODE_EXTRA_CA_CERTS.
// Screenshots: test-output/e2e/upload-*.png. Prints a plain `N passed, N failed` line.
//
//   node test/e2e/uploadCheck.mjs [--extension DIR] [--timeout MS] [--env NAME=VALUE] [--keep]
import { randomUUID } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { compile } from '../../scripts/compile-ts.mjs';
import { tableFrame, waitForRowCount } from './deviceTablePage.mjs';
import { saveScreenshot, log, outputDir, parseArgs, repoRoot, withCodeServer, reportAndExit } from './harness.mjs';

const options = parseArgs(process.argv.slice(2), { timeoutMs: 360_000 });
const STEP_TIMEOUT = 45_000;
const FILE = 'upload.csv';
const WARNED = 'warned.csv';

const shot = (page, name) => saveScreenshot(page, `upload-${name}`);

/** The workspace: a copy of upload.csv, and the same devices with an Assigned User that is not an address (a warning). */
function makeWorkspace() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'autopilot-csv-upload-e2e-'));
  copyFileSync(path.join(repoRoot, 'test', 'e2e', 'workspace', FILE), path.join(dir, FILE));
  const lines = readFileSync(path.join(dir, FILE), 'utf8').split(/\r?\n/).filter(Boolean);
  const warned = [`${lines[0]},Assigned User`, ...lines.slice(1).map((line) => `${line},not-an-address`)];
  writeFileSync(path.join(dir, WARNED), `${warned.join('\r\n')}\r\n`);
  return { dir, serials: lines.slice(1).map((line) => line.split(',')[0]) };
}

async function main() {
  if (!existsSync(path.join(options.extension, 'dist', 'client.js'))) {
    throw new Error(`extension bundle missing: ${path.join(options.extension, 'dist', 'client.js')} (run node esbuild.mjs)`);
  }
  mkdirSync(outputDir, { recursive: true });
  const [doublesFile] = await compile(['test/e2e/uploadDoubles.ts']);
  const doubles = createRequire(import.meta.url)(path.resolve(repoRoot, doublesFile));
  const certDir = mkdtempSync(path.join(os.tmpdir(), 'autopilot-csv-upload-cert-'));
  const workspace = makeWorkspace();
  process.on('exit', () => {
    rmSync(certDir, { recursive: true, force: true });
    rmSync(workspace.dir, { recursive: true, force: true });
  });
  Object.assign(options.env, doubles.writeTestCertificate(certDir, options.env.NODE_EXTRA_CA_CERTS ?? process.env.NODE_EXTRA_CA_CERTS));
  options.workspace = workspace.dir;

  const tenantId = randomUUID();
  const contoso = { id: randomUUID(), name: 'Contoso', domain: 'contoso.example' };
  const fabrikam = { id: randomUUID(), name: 'Fabrikam', domain: 'fabrikam.example' };
  const aaron = { id: randomUUID(), name: 'Aaron Bakery', domain: 'aaron.example' };
  const idp = await doubles.FakeIdentityProvider.start({ tenantId }, { certificate: doubles.readTestCertificate(options.env) });
  const pc = await doubles.FakePartnerCenter.start({ partnerTenantId: tenantId, queuedPolls: 0, processingPolls: 0 }, [
    aaron,
    fabrikam,
    contoso,
  ]);
  // Line 3's device belongs to another customer (808); line 4's Contoso has already, in batch "Old-Tag".
  pc.preRegister(fabrikam.id, { serialNumber: workspace.serials[1] });
  pc.preRegister(contoso.id, { serialNumber: workspace.serials[2] }, 'Old-Tag');
  options.userSettings = {
    'autopilot.signIn.clientId': idp.settings.clientId,
    'autopilot.signIn.authority': idp.authority,
    'autopilot.partnerCenter.endpoint': pc.baseUrl,
    // A device code rather than a browser tab, which code-server would open as a new page.
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
      const problems = page.locator('.markers-panel .monaco-list-row');
      const dialog = page.locator('.monaco-dialog-box');

      const palette = async (command) => {
        await page.keyboard.press('Control+Shift+P');
        await input.waitFor();
        await input.fill(`>${command}`);
        await page.locator('.quick-input-widget .monaco-list-row', { hasText: command }).first().waitFor();
        await page.keyboard.press('Enter');
      };
      const openFile = async (name) => {
        await page.keyboard.press('Control+P');
        await input.waitFor();
        await input.fill(name);
        await page.locator('.quick-input-widget .monaco-list-row', { hasText: name }).first().waitFor();
        await page.keyboard.press('Enter');
        await page.locator('.tabs-container .tab.active', { hasText: name }).waitFor();
        await page.locator('.editor-instance .monaco-editor .view-lines', { hasText: 'Device Serial Number' }).waitFor();
      };
      const goTo = async (line) => {
        await page.keyboard.press('Control+G');
        await input.waitFor();
        await input.fill(`:${line}`);
        await page.keyboard.press('Enter');
        await quickInput.waitFor({ state: 'hidden' });
      };
      /** The upload problems in the Problems panel as `code@line`, sorted. */
      const uploadProblems = async () => {
        const texts = await problems.allInnerTexts();
        return texts
          .map((text) => text.replace(/\s+/g, ' '))
          .flatMap((text) => {
            const code = /\b(upload-[a-z-]+)\b/.exec(text)?.[1];
            const line = /\[Ln (\d+),/.exec(text)?.[1];
            return code && line ? [`${code}@${line}`] : [];
          })
          .sort();
      };
      const waitForProblems = async (expected, what, timeoutMs = STEP_TIMEOUT) => {
        const deadline = Date.now() + timeoutMs;
        let seen = [];
        while (Date.now() < deadline) {
          seen = await uploadProblems();
          if (JSON.stringify(seen) === JSON.stringify(expected)) return;
          await page.waitForTimeout(250);
        }
        throw new Error(`${what}: the Problems panel shows ${JSON.stringify(seen)}, expected ${JSON.stringify(expected)}`);
      };
      const codeLensText = async () => (await page.locator('.contentWidgets .codelens-decoration').allInnerTexts()).join(' | ');
      /** Code lenses re-render when they change: waits until the header's read `pattern` (or, with `absent`, do not). */
      const waitForLens = async (pattern, absent = false) => {
        const deadline = Date.now() + STEP_TIMEOUT;
        let text = '';
        while (Date.now() < deadline) {
          text = await codeLensText();
          if (pattern.test(text) !== absent) return text;
          await page.waitForTimeout(250);
        }
        throw new Error(`the header's code lenses read "${text}"`);
      };
      /** Registered rows' gutter marks: decorations with a background image in the glyph margin. */
      const gutterMarks = () =>
        page.evaluate(
          (selector) => globalThis.document.querySelectorAll(selector).length,
          '.editor-instance .monaco-editor .margin-view-overlays .cgmr, .editor-instance .glyph-margin-widgets .cgmr',
        );
      const answerSignIn = async () => {
        await idp.waitUntil(() => idp.requests.some((request) => request.path.endsWith('/oauth2/v2.0/devicecode')));
        idp.approveDeviceCode();
      };
      const pickContoso = async (state) => {
        await page.locator('.quick-input-widget .quick-input-title', { hasText: 'Upload to which Partner Center customer?' }).waitFor();
        await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Contoso' }).first().waitFor();
        state.focusedOnOpen = await page.locator('.quick-input-widget .monaco-list-row.focused').count();
        if (state.screenshot) await shot(page, 'customer-picker');
        // Enter before anything is chosen: the picker stays.
        await page.keyboard.press('Enter');
        await page.waitForTimeout(500);
        state.openAfterEnter = await quickInput.isVisible();
        await input.fill('Contoso');
        await page.locator('.quick-input-widget .monaco-list-row.focused', { hasText: 'Contoso' }).waitFor();
        await page.keyboard.press('Enter');
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
          `${FILE} opens and "Upload to Partner Center…" runs from the Command Palette; sign-in with a device code`,
          async () => {
            await openFile(FILE);
            await palette('Autopilot CSV: Upload to Partner Center');
            await answerSignIn();
          },
        ],
        [
          'the customer picker has nothing pre-selected: Enter alone does nothing, typing the name and Enter picks it',
          async () => {
            state.picker = { screenshot: true };
            await pickContoso(state.picker);
            if (state.picker.focusedOnOpen !== 0) throw new Error(`${state.picker.focusedOnOpen} customer(s) pre-selected`);
            if (!state.picker.openAfterEnter) throw new Error('Enter on the untouched list closed the picker');
          },
        ],
        [
          'the confirmation names customer, tenant, file, devices, batch and the device already registered; Enter uploads',
          async () => {
            await dialog.waitFor();
            const text = (await dialog.innerText()).replace(/\s+/g, ' ');
            log(`confirmation: ${text}`);
            await shot(page, 'confirmation');
            for (const expected of [
              'Upload 3 devices to Contoso?',
              `Customer: Contoso (contoso.example), tenant ${contoso.id}, in Partner Center`,
              `File: ${FILE}`,
              'Devices: 3 to send, 1 already registered (not sent again)',
              'Sales-Berlin (3 devices, new batch)',
              'Already registered to Contoso: line 4 in batch "Old-Tag"',
            ]) {
              if (!text.includes(expected)) throw new Error(`the confirmation does not say "${expected}"`);
            }
            const buttons = await dialog.locator('.dialog-buttons .monaco-button').allInnerTexts();
            const focused = (await dialog.locator('.dialog-buttons .monaco-button:focus').innerText()).trim();
            log(`buttons: ${buttons.join(' | ')}; focused: ${focused}`);
            if (focused !== 'Upload') throw new Error(`the default button is "${focused}", not Upload`);
            if (pc.requests.some((request) => request.method === 'POST')) throw new Error('devices were sent before the confirmation');
            await page.keyboard.press('Enter');
            await dialog.waitFor({ state: 'hidden' });
          },
        ],
        [
          'the results land on the rows: Problems, gutter checks on the registered rows, the header code lens',
          async () => {
            await waitForLens(/Contoso: /);
            const posted = pc.requests.filter((request) => request.method === 'POST' && /deviceBatches$/.test(request.path));
            if (posted.length !== 1 || posted[0].body?.Devices?.length !== 3) throw new Error('not one batch of the three new devices');
            await page.keyboard.press('Control+Shift+M');
            await waitForProblems(['upload-rejected@3', 'upload-tag-not-applied@4'], 'after the upload');
            state.lens = await waitForLens(/Contoso: 2 registered · 1 tag not applied · 1 rejected/);
            log(`code lens: ${state.lens}`);
            state.marks = await gutterMarks();
            log(`gutter marks: ${state.marks}`);
            if (state.marks !== 2) throw new Error(`${state.marks} gutter marks, expected 2 (lines 2 and 5)`);
            await shot(page, 'results');
            // The summary stays in the notification centre with its buttons (a report, the problems, the log).
            await palette('Notifications: Show Notifications');
            const summary = page.locator('.notifications-center .notification-list-item', { hasText: 'Upload to Contoso:' });
            await summary.waitFor();
            state.summary = (await summary.innerText()).replace(/\s+/g, ' ');
            log(`summary: ${state.summary}`);
            for (const expected of ['2 registered', '1 rejected', 'Save Report…', 'Show Log']) {
              if (!state.summary.includes(expected)) throw new Error(`the summary does not say "${expected}"`);
            }
            await shot(page, 'summary');
            await page.keyboard.press('Escape');
            await page
              .locator('.editor-instance .monaco-editor')
              .first()
              .click({ position: { x: 200, y: 10 } });
          },
        ],
        [
          "the device table shows each row's result in its Upload column, in the upload's words",
          async () => {
            await palette('Autopilot CSV: Open Device Table');
            const grid = tableFrame(page).getByRole('grid', { name: 'Devices' });
            await waitForRowCount(grid, 4);
            const header = await grid.getByRole('columnheader').allInnerTexts();
            const column = header.findIndex((text) => text.includes('Upload')) + 1;
            if (column === 0) throw new Error(`no Upload column: ${header.join(' | ')}`);
            const cell = (line) =>
              grid
                .getByRole('row')
                .filter({ has: tableFrame(page).locator('.cell[aria-colindex="1"]', { hasText: new RegExp(`^${line}$`) }) })
                .locator(`.cell[aria-colindex="${column}"]`);
            const expected = [
              [2, 'Registered', 'Registered to Contoso'],
              [3, 'Rejected', '808 ZtdDeviceAssignedToOtherTenant'],
              [4, 'Tag not applied', 'Already registered to Contoso'],
            ];
            for (const [line, words, title] of expected) {
              const text = (await cell(line).innerText()).trim();
              const hover = (await cell(line).getAttribute('title')) ?? '';
              if (!text.includes(words) || !hover.includes(title)) throw new Error(`line ${line}'s Upload cell: "${text}" / "${hover}"`);
            }
            await shot(page, 'results-table');
            // Back to the text editor for the steps that follow (the workbench would reopen the file as a table now).
            await palette('View: Reopen Editor With Text Editor');
            await page.locator('.editor-instance .monaco-editor .view-lines', { hasText: 'Device Serial Number' }).waitFor();
          },
        ],
        [
          'a line inserted above moves every result with its row',
          async () => {
            await goTo(2);
            await page.keyboard.press('Home');
            await page.keyboard.press('Enter');
            await waitForProblems(['upload-rejected@4', 'upload-tag-not-applied@5'], 'after inserting a line');
            await shot(page, 'results-after-insert');
          },
        ],
        [
          "editing a cell the upload sent drops that row's result; undo brings it back",
          async () => {
            await goTo(4);
            await page.keyboard.press('End');
            await page.keyboard.type('X');
            await waitForProblems(['upload-tag-not-applied@5'], 'after editing the rejected row');
            await shot(page, 'results-after-edit');
            await page.keyboard.press('Control+Z');
            await waitForProblems(['upload-rejected@4', 'upload-tag-not-applied@5'], 'after undoing the edit');
            await page.keyboard.press('Control+Z');
            await waitForProblems(['upload-rejected@3', 'upload-tag-not-applied@4'], 'after undoing the inserted line');
          },
        ],
        [
          'closed and opened again, then after a window reload, the results are still there',
          async () => {
            await palette('View: Revert and Close Editor');
            await page.locator('.tabs-container .tab', { hasText: FILE }).waitFor({ state: 'hidden' });
            await openFile(FILE);
            await page.keyboard.press('Control+Shift+M');
            await waitForProblems(['upload-rejected@3', 'upload-tag-not-applied@4'], 'after reopening');
            await waitForLens(/Contoso: 2 registered/);
            await shot(page, 'results-reopened');
            await page.reload();
            await page.locator('.monaco-workbench').waitFor();
            // The extension host starts again (slowly on a busy machine); opening the file activates the extension.
            await page.locator('.explorer-folders-view .monaco-list-row', { hasText: FILE }).first().waitFor({ timeout: 120_000 });
            await openFile(FILE);
            await page.keyboard.press('Control+Shift+M');
            await waitForProblems(['upload-rejected@3', 'upload-tag-not-applied@4'], 'after reloading the window', 120_000);
            await waitForLens(/Contoso: 2 registered/);
            state.marksAfterReload = await gutterMarks();
            if (state.marksAfterReload !== 2) throw new Error(`${state.marksAfterReload} gutter marks after the reload`);
            await shot(page, 'results-reloaded');
          },
        ],
        [
          '"Clear Upload Results" removes them',
          async () => {
            await palette('Autopilot CSV: Clear Upload Results');
            await waitForProblems([], 'after clearing');
            await waitForLens(/Contoso: /, true);
          },
        ],
        [
          `${WARNED}: the confirmation names its warnings and the Assigned User, and Enter shows the problems instead of uploading`,
          async () => {
            const postsBefore = pc.requests.filter((request) => request.method === 'POST').length;
            await openFile(WARNED);
            await palette('Autopilot CSV: Upload to Partner Center');
            await pickContoso({});
            await dialog.waitFor();
            const text = (await dialog.innerText()).replace(/\s+/g, ' ');
            log(`confirmation: ${text}`);
            await shot(page, 'confirmation-warnings');
            for (const expected of ['warnings in the file:', 'assigned-user-format', 'which Partner Center does not take']) {
              if (!text.includes(expected)) throw new Error(`the confirmation does not say "${expected}"`);
            }
            const buttons = (await dialog.locator('.dialog-buttons .monaco-button').allInnerTexts()).map((label) => label.trim());
            const focused = (await dialog.locator('.dialog-buttons .monaco-button:focus').innerText()).trim();
            log(`buttons: ${buttons.join(' | ')}; focused: ${focused}`);
            if (!buttons.includes('Upload Anyway')) throw new Error(`buttons: ${buttons.join(', ')}`);
            if (focused !== 'Show Problems') throw new Error(`the default button is "${focused}", not Show Problems`);
            await page.keyboard.press('Enter');
            await dialog.waitFor({ state: 'hidden' });
            await page.locator('.markers-panel').waitFor();
            await page.waitForTimeout(1000);
            const postsAfter = pc.requests.filter((request) => request.method === 'POST').length;
            if (postsAfter !== postsBefore) throw new Error('Enter on the confirmation with warnings uploaded');
          },
        ],
      ];

      await session.runSteps(steps, results, 'uploadCheck', () => shot(page, 'failure'));
    });
  } finally {
    await idp.stop();
    await pc.stop();
  }
  return results;
}

await reportAndExit(main);
