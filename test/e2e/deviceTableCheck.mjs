#!/usr/bin/env node
// The device table in the real workbench (code-server + headless Chromium, see harness.mjs), driven as a user drives
// it: open devices.csv, click the header's "Open Device Table" code lens, filter to the rows with problems, click a
// problem to see its cell in the text editor beside, edit a group tag in the grid and see the text change, undo it
// from the table (Ctrl+Z), select two rows and set their group tag, walk the grid with the keyboard; then the same
// table in the light and high contrast themes, and a CSV file that is not an Autopilot file through "Reopen Editor
// With...". Fails on any Content Security Policy violation of the page. Saves a screenshot per state in
// test-output/e2e/table-*.png. Prints a plain `N passed, N failed` line.
//
//   node test/e2e/deviceTableCheck.mjs [--workspace DIR] [--extension DIR] [--timeout MS] [--keep]
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { saveScreenshot, openFile, outputDir, parseArgs, userSettings, withCodeServer, reportAndExit } from './harness.mjs';
import { runCommand, tableFrame, textLines, waitForRowCount } from './deviceTablePage.mjs';

const options = parseArgs(process.argv.slice(2), { timeoutMs: 420_000 });
// The steps edit the fixtures: they work on a copy, so a run that stops half way leaves the repository clean.
options.workspace = copyOfWorkspace(options.workspace);
// VS Code in a browser saves a second after each edit; the desktop default (off) lets the steps see a dirty file.
userSettings['files.autoSave'] = 'off';
const FIXTURE = 'devices.csv';
// devices.csv: most rows Sales-Berlin, line 3 misspelled, line 5 Kiosk-Munich after a space, others Kiosk-Munich.
const MISSPELLED = 'Sales-Berln';
const STANDARD = 'Kiosk-Munich';
const KIOSK = 'Finance-Cologne';
/** Generous: CI machines with two cores run the workbench, the browser and the language server at once. */
const STEP_TIMEOUT = 60_000;

async function main() {
  if (!existsSync(path.join(options.extension, 'dist', 'webview', 'deviceTable.js'))) {
    throw new Error('extension bundle missing: run node esbuild.mjs');
  }
  mkdirSync(outputDir, { recursive: true });
  const results = [];
  const violations = [];

  await withCodeServer(options, async (session) => {
    const { page } = session;
    page.setDefaultTimeout(STEP_TIMEOUT);
    await session.automation();
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to (load|apply|execute|run)/i.test(message.text())) violations.push(message.text());
    });
    const shot = (name) => saveScreenshot(page, `table-${name}`);
    const table = () => tableFrame(page);
    const grid = () => table().getByRole('grid', { name: 'Devices' });
    /** The row of the grid for a 1-based file line. */
    const rowOfLine = (line) =>
      grid()
        .getByRole('row')
        .filter({ has: table().locator(`.cell[aria-colindex="1"]`, { hasText: new RegExp(`^${line}$`) }) });
    const cellOf = (line, column) => rowOfLine(line).locator(`.cell[aria-colindex="${column}"]`);
    // aria-colindex of the columns (a file without upload results has no Upload column).
    const PROBLEMS_COLUMN = 3;
    const TAG_COLUMN = 4;
    const MANUFACTURER_COLUMN = 6;
    const MODEL_COLUMN = 7;

    const steps = [
      [
        'workbench loads with the fixtures folder',
        async () => {
          await session.openWorkbench(FIXTURE);
        },
      ],
      [
        'the "Open Device Table" code lens on the header opens the table with every device',
        async () => {
          await openFile(page, FIXTURE, 'Device Serial Number');
          const lens = page.locator('.editor-instance .codelens-decoration a', { hasText: 'Open Device Table' });
          await lens.waitFor();
          await lens.click();
          await waitForRowCount(grid(), 12);
          await table().getByRole('status').filter({ hasText: 'Intune format · 12 devices' }).waitFor();
          // An ARIA grid: a header row, every row numbered for screen readers though only rows in sight exist.
          const header = await grid().getByRole('columnheader').allInnerTexts();
          if (!header.some((text) => text.includes('Group tag'))) throw new Error(`column headers: ${header.join(' | ')}`);
          const indexes = await grid()
            .getByRole('row')
            .evaluateAll((rows) => rows.map((row) => row.getAttribute('aria-rowindex')));
          if (indexes[0] !== '1' || indexes.some((index) => !index)) throw new Error(`aria-rowindex: ${indexes.join(',')}`);
          // VS Code's default theme is a light one.
          await table().locator('body.vscode-light').waitFor();
          await shot('open-light');
        },
      ],
      [
        'the table follows the dark theme',
        async () => {
          await switchTheme(page, 'Preferences: Toggle between Light/Dark Themes', 'vs-dark');
          await table().locator('body.vscode-dark').waitFor();
          await shot('open-dark');
        },
      ],
      [
        '"Only rows with problems" leaves the three devices with problems',
        async () => {
          await table().getByRole('checkbox', { name: 'Only rows with problems' }).check();
          await waitForRowCount(grid(), 3);
          const lines = await grid().locator('.body .row:not([hidden]) .cell[aria-colindex="1"]').allInnerTexts();
          if (lines.sort().join(',') !== '3,5,6') throw new Error(`rows shown: ${lines.join(',')}`);
          await shot('problems-only');
        },
      ],
      [
        'clicking a problem shows its cell in the text editor beside the table',
        async () => {
          await cellOf(3, PROBLEMS_COLUMN).click();
          // The text editor beside: the cursor on line 3, the misspelled tag selected.
          const editor = page.locator('.editor-instance .monaco-editor').filter({ has: page.locator('.view-lines') });
          await editor.locator('.line-numbers.active-line-number', { hasText: /^3$/ }).waitFor();
          await editor.locator('.selected-text').first().waitFor();
          // The details under the grid list the row's problem as a link to the same cell.
          await table()
            .getByRole('button', { name: /group-tag-misspelled/ })
            .waitFor();
          await shot('reveal');
        },
      ],
      [
        'editing a group tag in the grid changes the text, and the file is dirty',
        async () => {
          await cellOf(3, TAG_COLUMN).dblclick();
          const input = table().getByRole('textbox', { name: 'Group tag, line 3' });
          await input.fill(STANDARD);
          await shot('editing');
          await input.press('Enter');
          // Fixed: the row has no problem left, so the "only problems" view drops it.
          await waitForRowCount(grid(), 2);
          await page.locator('.tabs-container .tab.dirty', { hasText: FIXTURE }).first().waitFor();
          await waitForText(page, (lines) => !lines.some((line) => line.includes(MISSPELLED)), 'the misspelled tag replaced in the text');
          await table().getByRole('checkbox', { name: 'Only rows with problems' }).uncheck();
          await waitForRowCount(grid(), 12);
          await cellOf(3, TAG_COLUMN).filter({ hasText: STANDARD }).waitFor();
          await shot('edited');
        },
      ],
      [
        'Ctrl+Z in the table undoes the edit in the document',
        async () => {
          await cellOf(2, 2).click();
          await grid().press('Control+z');
          await cellOf(3, TAG_COLUMN).filter({ hasText: MISSPELLED }).waitFor();
          await waitForText(page, (lines) => lines.some((line) => line.includes(MISSPELLED)), 'the misspelled tag back in the text');
          await page.locator('.tabs-container .tab.dirty', { hasText: FIXTURE }).first().waitFor({ state: 'detached' });
          await shot('undone');
        },
      ],
      [
        'Set Group Tag… on two selected rows sets the tag on both, in one undoable edit',
        async () => {
          await cellOf(2, 2).click();
          await cellOf(4, 2).click({ modifiers: ['Control'] });
          await table().getByRole('status').filter({ hasText: '2 selected' }).waitFor();
          await table().getByRole('button', { name: 'Set Group Tag…' }).click();
          const input = page.locator('.quick-input-widget .quick-input-box input');
          await input.waitFor();
          await input.fill(KIOSK);
          await page.locator('.quick-input-widget .monaco-list-row', { hasText: KIOSK }).first().waitFor();
          await shot('set-tag-pick');
          await input.press('Enter');
          await cellOf(2, TAG_COLUMN).filter({ hasText: KIOSK }).waitFor();
          await cellOf(4, TAG_COLUMN).filter({ hasText: KIOSK }).waitFor();
          await waitForText(page, (lines) => lines.filter((line) => line.includes(KIOSK)).length === 2, 'two lines with the new tag');
          await shot('set-tag');
          // One undo takes both back, one redo brings both again.
          await cellOf(5, 2).click();
          await grid().press('Control+z');
          await waitForText(page, (lines) => !lines.some((line) => line.includes(KIOSK)), 'both tags undone at once');
          await grid().press('Control+Shift+z');
          await waitForText(page, (lines) => lines.filter((line) => line.includes(KIOSK)).length === 2, 'both tags redone');
        },
      ],
      [
        'Ctrl+S in the table saves the file; typing in the text editor beside shows in the table',
        async () => {
          await cellOf(7, 2).click();
          await grid().press('Control+s');
          await page.locator('.tabs-container .tab.dirty', { hasText: FIXTURE }).first().waitFor({ state: 'detached' });
          const saved = readFileSync(path.join(options.workspace, FIXTURE), 'utf8');
          if (saved.split(/\r?\n/).filter((line) => line.includes(KIOSK)).length !== 2)
            throw new Error('the file on disk lacks the new tags');
          // The text editor beside shows line 7 (revealed by the click): a character typed at its start changes the
          // serial number in the table.
          const editor = page.locator('.editor-instance .monaco-editor').filter({ has: page.locator('.view-lines') });
          await editor.locator('.view-line', { hasText: /^PF5X35FV,/ }).click({ position: { x: 2, y: 5 } });
          await page.keyboard.press('Home');
          await page.keyboard.type('Z');
          await cellOf(7, 2)
            .filter({ hasText: /^ZPF5X35FV$/ })
            .waitFor();
          await shot('typed-in-text');
          await page.keyboard.press('Control+z');
          await cellOf(7, 2)
            .filter({ hasText: /^PF5X35FV$/ })
            .waitFor();
        },
      ],
      [
        "Apply Fixes on the rows with a misspelled tag and a space fixes both with the quick fixes' edits",
        async () => {
          await cellOf(3, 2).click();
          await cellOf(5, 2).click({ modifiers: ['Control'] });
          await table().getByRole('button', { name: 'Apply Fixes' }).click();
          await cellOf(3, TAG_COLUMN)
            .filter({ hasText: /^Sales-Berlin$/ })
            .waitFor();
          await cellOf(5, PROBLEMS_COLUMN).filter({ hasText: /^$/ }).waitFor();
          await waitForText(
            page,
            (lines) => !lines.some((line) => line.includes(MISSPELLED) || line.includes(`, ${STANDARD}`)),
            'both fixed',
          );
          await table().getByRole('status').filter({ hasText: 'Applied 2 fixes' }).waitFor();
          await shot('fixed');
          await grid().press('Control+z');
          await cellOf(3, TAG_COLUMN).filter({ hasText: MISSPELLED }).waitFor();
        },
      ],
      [
        "Delete Rows deletes the selected device's line; Ctrl+Z brings it back",
        async () => {
          await cellOf(6, 2).click();
          await table().getByRole('button', { name: 'Delete Rows' }).click();
          await waitForRowCount(grid(), 11);
          await waitForText(page, (lines) => !lines.some((line) => line.startsWith('5CG604DESK')), 'the row gone from the text');
          await shot('deleted');
          await grid().press('Control+z');
          await waitForRowCount(grid(), 12);
          await waitForText(page, (lines) => lines.some((line) => line.startsWith('5CG604DESK')), 'the row back in the text');
        },
      ],
      [
        'the keyboard walks the grid: arrows move, Shift extends the selection, Space toggles, Home and End jump',
        async () => {
          await cellOf(2, 2).click();
          await grid().press('ArrowDown');
          await grid().press('Shift+ArrowDown');
          await grid().press('Shift+ArrowDown');
          await table().getByRole('status').filter({ hasText: '3 selected' }).waitFor();
          await grid().press('Space');
          await table().getByRole('status').filter({ hasText: '2 selected' }).waitFor();
          await grid().press('Control+End');
          const focused = await table()
            .locator(':focus')
            .evaluate((el) => el.closest('[role="row"]')?.getAttribute('aria-rowindex'));
          if (focused !== '13') throw new Error(`Ctrl+End focused row ${focused}`);
          await grid().press('Control+Home');
          await grid().press('ArrowUp');
          const header = await table().locator(':focus').getAttribute('role');
          if (header !== 'columnheader') throw new Error(`ArrowUp from the first row focused a ${header}`);
          // Enter on a header sorts by it (Problems, the third column: worst first).
          await grid().press('Home');
          await grid().press('ArrowRight');
          await grid().press('ArrowRight');
          await grid().press('Enter');
          await table().locator('[role="columnheader"][aria-sort="descending"]', { hasText: 'Problems' }).waitFor();
          await shot('keyboard-sorted');
        },
      ],
      [
        'the table follows a high contrast theme, selection drawn as an outline',
        async () => {
          // The system's high contrast mode (forced colors): VS Code follows it with its high contrast theme.
          await page.emulateMedia({ forcedColors: 'active', colorScheme: 'dark' });
          await page.locator('.monaco-workbench.hc-black').waitFor();
          await table().locator('body.vscode-high-contrast').waitFor();
          await cellOf(2, 2).click();
          const outline = await rowOfLine(2).evaluate((row) => row.ownerDocument.defaultView.getComputedStyle(row).outlineStyle);
          if (outline === 'none') throw new Error('a selected row has no outline in high contrast');
          await shot('open-high-contrast');
        },
      ],
      [
        "the Command Palette opens a Partner Center file's table: manufacturer and model the hash contradicts are marked",
        async () => {
          await runCommand(page, 'View: Close All Editors');
          await page.locator('.tabs-container .tab').first().waitFor({ state: 'detached' });
          await openFile(page, 'partner-center.csv', 'Device Serial Number');
          // This time from the Command Palette.
          await runCommand(page, 'Autopilot CSV: Open Device Table');
          await waitForRowCount(grid(), 4);
          const manufacturer = cellOf(3, MANUFACTURER_COLUMN);
          await manufacturer.and(table().locator('.cell.differs')).waitFor();
          const title = await manufacturer.getAttribute('title');
          if (!title?.includes('"Contoso"') || !title.includes('"LENOVO"')) throw new Error(`the hover says: ${title}`);
          await cellOf(4, MODEL_COLUMN).and(table().locator('.cell.differs')).waitFor();
          // The rows whose cells agree with the hash carry no mark.
          if ((await grid().locator('.cell.differs').count()) !== 2) throw new Error('more marks than contradictions');
          await shot('partner-center');
        },
      ],
      [
        '"Reopen Editor With…" on a CSV file that is not an Autopilot file says so, with a way back to the text',
        async () => {
          await openFile(page, 'contacts.csv', 'Name');
          await runCommand(page, 'View: Reopen Editor With...', 'Reopen Editor With');
          const choice = page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Autopilot Device Table' }).first();
          await choice.waitFor();
          await choice.click();
          await table().getByRole('heading', { name: 'This is not an Autopilot CSV file' }).waitFor({ timeout: 15_000 });
          await table().getByRole('button', { name: 'Open in Text Editor' }).waitFor();
          await shot('not-autopilot');
        },
      ],
      [
        'the page broke no rule of its Content Security Policy',
        async () => {
          if (violations.length > 0) throw new Error(violations.join('\n'));
        },
      ],
    ];

    await session.runSteps(steps, results, 'deviceTableCheck', () => shot('failure'));
  });
  return results;
}

function copyOfWorkspace(workspace) {
  const copy = path.join(mkdtempSync(path.join(os.tmpdir(), 'autopilot-csv-table-')), 'workspace');
  cpSync(workspace, copy, { recursive: true });
  process.on('exit', () => rmSync(path.dirname(copy), { recursive: true, force: true }));
  return copy;
}

/** Waits until the text editor's lines satisfy `accept`. */
async function waitForText(page, accept, what) {
  const deadline = Date.now() + STEP_TIMEOUT;
  let lines = [];
  while (Date.now() < deadline) {
    lines = await textLines(page);
    if (accept(lines)) return;
    await page.waitForTimeout(100);
  }
  throw new Error(`${what}: not seen in the text editor (${lines.length} lines)`);
}

/** Switches the color theme with a Command Palette command and waits for the workbench to wear it. */
async function switchTheme(page, command, workbenchClass) {
  await runCommand(page, command);
  await page.locator(`.monaco-workbench.${workbenchClass}`).waitFor();
}

await reportAndExit(main);
