#!/usr/bin/env node
// UI check in the real VS Code workbench (code-server + headless Chromium, see harness.mjs): installs nothing, loads
// the extension from the repository as a development extension, then drives the workbench with the keyboard like a
// user: open broken.csv (Ctrl+P), open Problems (Ctrl+Shift+M), wait for a problem from autopilot-csv, put the cursor
// on the first one (Ctrl+G line:column), open the quick-fix menu (Ctrl+.) and check it lists at least one action;
// then open the walkthrough from the Command Palette and its sample with a click. Saves test-output/e2e/problems.png,
// walkthrough.png and walkthrough-sample.png (and failure.png when a step fails). Prints a plain `N passed, N failed` line.
//
//   node test/e2e/uiCheck.mjs [--workspace DIR] [--extension DIR] [--file NAME] [--timeout MS] [--env NAME=VALUE] [--keep]
import { existsSync, mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { saveScreenshot, log, outputDir, parseArgs, withCodeServer, reportAndExit } from './harness.mjs';

const options = parseArgs(process.argv.slice(2), { timeoutMs: 90_000 });
const fixture = String(options.rest.file ?? 'broken.csv');
const SOURCE = 'autopilot-csv';
const STEP_TIMEOUT = 30_000;
const WALKTHROUGH = 'Get Started with Autopilot CSV';

async function main() {
  if (!existsSync(path.join(options.extension, 'dist', 'client.js'))) {
    throw new Error(`extension bundle missing: ${path.join(options.extension, 'dist', 'client.js')} (run node esbuild.mjs)`);
  }
  mkdirSync(outputDir, { recursive: true });
  const results = [];

  await withCodeServer(options, async (session) => {
    const { page } = session;
    page.setDefaultTimeout(STEP_TIMEOUT);
    // Needed by the smoke-test-driver workbench even without a test run (it logs through it).
    await session.automation();

    const state = {};
    const steps = [
      [
        'workbench loads',
        async () => {
          await session.openWorkbench(fixture);
        },
      ],
      [
        `${fixture} opens with Ctrl+P`,
        async () => {
          await page.keyboard.press('Control+P');
          const input = page.locator('.quick-input-widget .quick-input-box input');
          await input.waitFor();
          await input.fill(fixture);
          await page.locator('.quick-input-widget .monaco-list-row', { hasText: fixture }).first().waitFor();
          await page.keyboard.press('Enter');
          await page.locator('.editor-instance .monaco-editor .view-lines', { hasText: 'Device Serial Number' }).waitFor();
        },
      ],
      [
        `Problems (Ctrl+Shift+M) lists a problem from ${SOURCE}`,
        async () => {
          await page.keyboard.press('Control+Shift+M');
          const row = page.locator('.markers-panel .monaco-list-row', { hasText: SOURCE }).first();
          await row.waitFor();
          const text = (await row.innerText()).replace(/\s+/g, ' ');
          const position = /\[Ln (\d+), Col (\d+)\]/.exec(text);
          if (!position) throw new Error(`no [Ln, Col] in the problem row: ${text}`);
          state.line = Number(position[1]);
          state.column = Number(position[2]);
          log(`first problem: ${text}`);
        },
      ],
      [
        'the quick-fix menu (Ctrl+.) on that problem lists an action',
        async () => {
          // Go to line:column moves the cursor onto the diagnostic and focuses the editor.
          await page.keyboard.press('Control+G');
          const input = page.locator('.quick-input-widget .quick-input-box input');
          await input.waitFor();
          await input.fill(`:${state.line}:${state.column}`);
          await page.keyboard.press('Enter');
          await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
          await page.locator('.editor-instance .monaco-editor.focused').waitFor();
          // Ctrl+. asks the language server for the code actions at the cursor (no need to wait for the light bulb).
          // A key press can be lost while focus settles after the quick input closes: press again if no menu shows.
          const menu = page.locator('.context-view > .action-widget');
          const none = page.locator('.monaco-editor-overlaymessage', { hasText: /No code actions/i });
          let shown = false;
          for (let attempt = 1; attempt <= 5 && !shown; attempt++) {
            await page.keyboard.press('Control+.');
            shown = await Promise.race([
              menu.waitFor({ timeout: 3_000 }).then(
                () => true,
                () => false,
              ),
              none.waitFor({ timeout: 3_000 }).then(
                () => {
                  throw new Error('VS Code says: no code actions available');
                },
                () => false,
              ),
            ]);
            if (!shown) log(`no quick-fix menu after Ctrl+. (attempt ${attempt})`);
          }
          if (!shown) throw new Error('the quick-fix menu did not open');
          // Actions of extensions, not the workbench's own AI entries (sparkle icon), should they be enabled.
          const actions = menu.locator('.monaco-list-row.action').filter({ hasNot: page.locator('.codicon-sparkle') });
          await actions.first().waitFor();
          const titles = await actions.locator('.title').allInnerTexts();
          if (titles.length === 0) throw new Error('the quick-fix menu lists no action');
          log(`quick fixes: ${titles.map((t) => t.trim()).join(' | ')}`);
        },
      ],
      [
        'screenshot saved',
        async () => {
          await saveScreenshot(page, 'problems');
          await page.keyboard.press('Escape');
        },
      ],
      [
        'the walkthrough opens from the Command Palette',
        async () => {
          await page.keyboard.press('Control+Shift+P');
          const input = page.locator('.quick-input-widget .quick-input-box input');
          await input.waitFor();
          await input.fill('>Welcome: Open Walkthrough');
          await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Open Walkthrough' }).first().waitFor();
          await page.keyboard.press('Enter');
          await page.locator('.quick-input-widget .monaco-list-row', { hasText: WALKTHROUGH }).first().waitFor();
          await input.fill(WALKTHROUGH);
          await page.keyboard.press('Enter');
          await page.locator('.gettingStartedContainer', { hasText: WALKTHROUGH }).waitFor();
          await saveScreenshot(page, 'walkthrough');
        },
      ],
      [
        'its "Try a Sample with Problems" button opens the sample with its problems listed',
        async () => {
          await page.locator('.gettingStartedContainer').getByRole('button', { name: 'Try a Sample with Problems' }).click();
          // The sample's columns are out of order: its header starts with the hash.
          await page.locator('.editor-instance .monaco-editor .view-lines', { hasText: 'Hardware Hash,Device Serial Number' }).waitFor();
          await page.keyboard.press('Control+Shift+M');
          await page.locator('.markers-panel .monaco-list-row', { hasText: 'column-order' }).first().waitFor();
          // Back in the file, the header's lens offers Fix All for what it can be sure of: the columns and two tags.
          // (VS Code drops a lens request still waiting when its editor loses focus, as it did to the Problems panel,
          // and asks again when the editor has it back.)
          await page.locator('.editor-instance .monaco-editor .view-lines').first().click();
          await page.locator('.editor-instance .codelens-decoration a', { hasText: 'Fix 3 problems automatically' }).waitFor();
          await saveScreenshot(page, 'walkthrough-sample');
        },
      ],
      [
        'back in the walkthrough, its first step is checked off',
        async () => {
          await page.locator('.tabs-container .tab', { hasText: 'Welcome' }).click();
          await page.locator('.gettingStartedContainer button.getting-started-step[data-step-id$="open"][aria-checked="true"]').waitFor();
        },
      ],
    ];

    await session.runSteps(steps, results, 'uiCheck', () => saveScreenshot(page, 'failure'));
  });
  return results;
}

await reportAndExit(main);
