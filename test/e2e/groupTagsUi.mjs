#!/usr/bin/env node
// The group-tag UI in the real VS Code workbench (code-server + headless Chromium, see harness.mjs), driven with the
// keyboard like a partner: a workspace whose settings make autopilot.groupTags an allow-list, and a file tagged with
// the customer's own tag SP001_STD01. Problems lists the warning; the hover (Ctrl+K Ctrl+I) says it once, and what the
// tag selects; the quick-fix menu (Ctrl+.) offers "Add 'SP001_STD01' to autopilot.groupTags" and the listed tag as a replacement,
// with the replacement not pre-selected; choosing it writes the workspace's .vscode/settings.json and the warning goes. Saves
// test-output/e2e/group-tag-hover.png, group-tag-quick-fix.png and group-tag-accepted.png (failure.png when a step
// fails). Prints a plain `N passed, N failed` line.
//
//   node test/e2e/groupTagsUi.mjs [--extension DIR] [--timeout MS] [--env NAME=VALUE] [--keep]
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { saveScreenshot, defaultWorkspace, log, outputDir, parseArgs, withCodeServer, reportAndExit } from './harness.mjs';

const options = parseArgs(process.argv.slice(2), { timeoutMs: 90_000 });
const STEP_TIMEOUT = 30_000;
const TAG = 'SP001_STD01';
const FILE = 'customer-devices.csv';
const ADD = `Add "${TAG}" to autopilot.groupTags`;

/** A workspace of its own: the allow-list setting and clean.csv's devices tagged with the customer's tag. */
function makeWorkspace() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'autopilot-csv-e2e-tags-'));
  mkdirSync(path.join(dir, '.vscode'));
  writeFileSync(
    path.join(dir, '.vscode', 'settings.json'),
    '{\n  "autopilot.onlyListedGroupTags": true,\n  "autopilot.groupTags": ["SP001_KIOSK"]\n}\n',
  );
  const [header, ...rows] = readFileSync(path.join(defaultWorkspace, 'clean.csv'), 'utf8').split('\r\n').filter(Boolean);
  const lines = [header, ...rows.map((row) => row.replace(/,[^,]*$/, `,${TAG}`))];
  writeFileSync(path.join(dir, FILE), `${lines.join('\r\n')}\r\n`);
  return { dir, tagLine: 2, tagColumn: (lines[1] ?? '').length - TAG.length + 1 };
}

async function main() {
  if (!existsSync(path.join(options.extension, 'dist', 'client.js'))) {
    throw new Error(`extension bundle missing: ${path.join(options.extension, 'dist', 'client.js')} (run node esbuild.mjs)`);
  }
  mkdirSync(outputDir, { recursive: true });
  const workspace = makeWorkspace();
  options.workspace = workspace.dir;
  const results = [];
  try {
    await withCodeServer(options, async (session) => {
      const { page } = session;
      page.setDefaultTimeout(STEP_TIMEOUT);
      await session.automation();
      const input = page.locator('.quick-input-widget .quick-input-box input');
      const problem = (code) => page.locator('.markers-panel .monaco-list-row', { hasText: code });
      const screenshot = (name) => saveScreenshot(page, name);
      const goToTag = async () => {
        await page.keyboard.press('Control+G');
        await input.waitFor();
        await input.fill(`:${workspace.tagLine}:${workspace.tagColumn + 2}`);
        await page.keyboard.press('Enter');
        await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
        await page.locator('.editor-instance .monaco-editor.focused').waitFor();
      };

      const steps = [
        [
          'workbench loads the workspace',
          async () => {
            await session.openWorkbench(FILE);
          },
        ],
        [
          `${FILE} opens, and Problems lists the tag that is not in the allow-list`,
          async () => {
            await page.keyboard.press('Control+P');
            await input.waitFor();
            await input.fill(FILE);
            await page.locator('.quick-input-widget .monaco-list-row', { hasText: FILE }).first().waitFor();
            await page.keyboard.press('Enter');
            await page.locator('.editor-instance .monaco-editor .view-lines', { hasText: 'Device Serial Number' }).waitFor();
            await page.keyboard.press('Control+Shift+M');
            await problem('group-tag-unknown').first().waitFor();
            log(`problem: ${(await problem('group-tag-unknown').first().innerText()).replace(/\s+/g, ' ')}`);
          },
        ],
        [
          'the hover on the tag says what it selects',
          async () => {
            await goToTag();
            // The hover's problem part may render a moment after its description: wait for both. In one CI run in
            // five a hover came without its problem part although Problems listed it (VS Code does not update an open
            // hover): a second hover shows it, as it would for a user who moves the mouse again.
            const hover = page.locator('.monaco-hover', { hasText: `[OrderID]:${TAG}` }).filter({ hasText: 'not in the allow-list' });
            for (let attempt = 1; ; attempt++) {
              await page.keyboard.press('Control+K');
              await page.keyboard.press('Control+I');
              const shown = await hover.waitFor({ timeout: 10_000 }).then(
                () => true,
                () => false,
              );
              if (shown) break;
              if (attempt === 3) throw new Error('three hovers on the tag came without its problem');
              log(`hover ${attempt} came without the problem part; hovering again`);
              await page.keyboard.press('Escape');
            }
            const text = (await hover.innerText()).replace(/\s+/g, ' ');
            // The warning shows in the hover, and the tag's description does not say it again.
            if (text.split('not in the allow-list').length !== 2)
              throw new Error(`the hover does not say once that the tag is not allowed: ${text}`);
            await screenshot('group-tag-hover');
            await page.keyboard.press('Escape');
          },
        ],
        [
          `the quick-fix menu offers "${ADD}", with no replacement pre-selected`,
          async () => {
            await goToTag();
            const menu = page.locator('.context-view > .action-widget');
            for (let attempt = 1; attempt <= 5; attempt++) {
              await page.keyboard.press('Control+.');
              if (
                await menu.waitFor({ timeout: 3_000 }).then(
                  () => true,
                  () => false,
                )
              )
                break;
              log(`no quick-fix menu after Ctrl+. (attempt ${attempt})`);
            }
            const actions = menu.locator('.monaco-list-row.action').filter({ hasNot: page.locator('.codicon-sparkle') });
            await actions.first().waitFor();
            const titles = (await actions.locator('.title').allInnerTexts()).map((title) => title.trim());
            log(`quick fixes: ${titles.join(' | ')}`);
            if (!titles.includes(ADD)) throw new Error(`"${ADD}" is not offered`);
            if (!titles.includes('Change the group tag to "SP001_KIOSK"'))
              throw new Error('the listed tag is not offered as a replacement');
            // The focused row is the one Enter would run: it must not be a replacement of the tag.
            const focused = (await menu.locator('.monaco-list-row.action.focused .title').allInnerTexts()).map((title) => title.trim());
            if (focused.some((title) => title.startsWith('Change the group tag'))) throw new Error(`pre-selected: ${focused.join(', ')}`);
            await screenshot('group-tag-quick-fix');
            await actions.filter({ hasText: ADD }).first().click();
          },
        ],
        [
          'the warning goes, and the tag is in the workspace settings',
          async () => {
            await problem('group-tag-unknown').first().waitFor({ state: 'detached' });
            await page.locator('.markers-panel-container', { hasText: 'No problems have been detected' }).waitFor();
            // The header's lens counts problems too.
            await page.locator('.codelens-decoration', { hasText: '2 devices · no problems' }).waitFor();
            const settings = readFileSync(path.join(workspace.dir, '.vscode', 'settings.json'), 'utf8');
            if (!new RegExp(`"autopilot\\.groupTags":\\s*\\[\\s*"SP001_KIOSK",\\s*"${TAG}"\\s*\\]`).test(settings)) {
              throw new Error(`.vscode/settings.json does not list the tag: ${settings}`);
            }
            await screenshot('group-tag-accepted');
          },
        ],
      ];

      await session.runSteps(steps, results, 'groupTagsUi', () => screenshot('failure'));
    });
  } finally {
    if (!options.keep) rmSync(workspace.dir, { recursive: true, force: true });
  }
  return results;
}

await reportAndExit(main);
