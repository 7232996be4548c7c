#!/usr/bin/env node
// The readable text editor in the real VS Code workbench (code-server + headless Chromium at 1400x900, default
// settings; see harness.mjs), driven like a user with the keyboard and the mouse:
//   - a freshly opened file fills the Outline and Go to Symbol (before any edit);
//   - a 4-column Intune file of 60 devices shows each hash cell as a label, and the serial, Product ID and group
//     tag of every row are on screen without horizontal scrolling (top and bottom of the file);
//   - the status bar names the column and the device under the cursor;
//   - typing in a group tag or a serial leaves every hash cell collapsed (the labels move with the text) and
//     opens no list of words from other rows;
//   - hovering a label shows the hash's verdict first; hovers say each problem once (a damaged hash, a misspelled
//     tag, whose group rule uses the corrected tag);
//   - a click on a label opens the cell, typing in it changes the text, and leaving it collapses it again;
//   - Find in a hash opens that row's cell only;
//   - each column has its colour, in a dark and a light theme, and Microsoft's explanation rows are not headers.
// Screenshots go to test-output/e2e/editor-*.png (and editor-failure.png when a step fails). Prints a plain
// `N passed, N failed` line.
//
//   node test/e2e/editorCheck.mjs [--extension DIR] [--timeout MS] [--env NAME=VALUE] [--keep]
/* global document, NodeFilter, getComputedStyle -- the functions passed to page.evaluate run in the browser */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { compile } from '../../scripts/compile-ts.mjs';
import { saveScreenshot, goToLine, log, openFile, outputDir, parseArgs, repoRoot, withCodeServer, reportAndExit } from './harness.mjs';

const options = parseArgs(process.argv.slice(2), { timeoutMs: 420_000 });
const STEP_TIMEOUT = 30_000;
const WALKTHROUGH = 'Get Started with Autopilot CSV';

/** Writes the fixtures (test/e2e/editorFixtures.ts, compiled here) into a fresh folder, the workspace of this run. */
async function makeWorkspace() {
  const [compiled] = await compile(['test/e2e/editorFixtures.ts'], path.join(repoRoot, 'out'));
  const { writeEditorFixtures } = createRequire(import.meta.url)(path.resolve(repoRoot, compiled));
  const dir = mkdtempSync(path.join(os.tmpdir(), 'autopilot-csv-editor-'));
  return writeEditorFixtures(dir);
}

const screenshot = (page, name) => saveScreenshot(page, `editor-${name}`);

/** Runs a command from the Command Palette by its title. */
async function runCommand(page, title) {
  await page.keyboard.press('Control+Shift+P');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor();
  await input.fill(`>${title}`);
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: title }).first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
}

/**
 * What the active editor shows of each fully visible line: its cells (split at commas; the fixtures have no quotes)
 * and, per cell, whether its first and last character are drawn inside the text area (left of the minimap,
 * without horizontal scrolling); the labels drawn on the line; and the editor's horizontal scroll.
 */
function visibleRows(page) {
  return page.evaluate(() => {
    const editor = document.querySelector('.editor-group-container.active .monaco-editor');
    if (!editor) throw new Error('no active editor');
    const guard = editor.querySelector('.overflow-guard').getBoundingClientRect();
    const minimap = editor.querySelector('.minimap')?.getBoundingClientRect();
    const right = minimap && minimap.width > 0 ? Math.min(guard.right, minimap.left) : guard.right;
    const scrollLeft = -parseFloat(editor.querySelector('.lines-content')?.style.left || '0');
    const rows = [];
    for (const line of editor.querySelectorAll('.view-lines .view-line')) {
      const box = line.getBoundingClientRect();
      if (box.top < guard.top || box.bottom > guard.bottom) continue;
      const nodes = [];
      const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) nodes.push(node);
      const text = nodes.map((node) => node.data).join('');
      const point = (offset) => {
        let rest = offset;
        for (const node of nodes) {
          if (rest < node.data.length) return [node, rest];
          rest -= node.data.length;
        }
        return undefined;
      };
      const drawn = (offset) => {
        const at = point(offset);
        if (!at) return false;
        const range = document.createRange();
        range.setStart(at[0], at[1]);
        range.setEnd(at[0], at[1] + 1);
        const rect = range.getBoundingClientRect();
        return rect.width > 0 && rect.left >= guard.left && rect.right <= right;
      };
      const cells = text.split(',');
      let offset = 0;
      const shown = cells.map((cell) => {
        const start = offset;
        offset += cell.length + 1;
        return cell.length === 0 ? null : { first: drawn(start), last: drawn(start + cell.length - 1), hidden: !drawn(start) };
      });
      const labels = [...line.querySelectorAll('span')]
        .map((span) => getComputedStyle(span, '::before').content)
        .filter((content) => content && content !== 'none' && content.includes('⟨'))
        .map((content) => JSON.parse(content));
      rows.push({ top: box.top, cells, shown, labels });
    }
    return { rows: rows.sort((a, b) => a.top - b.top), scrollLeft };
  });
}

/** The screen rectangle of the label drawn on the line that starts with `serial`. */
function labelBox(page, serial) {
  return page.evaluate((serial) => {
    const editor = document.querySelector('.editor-group-container.active .monaco-editor');
    for (const line of editor.querySelectorAll('.view-lines .view-line')) {
      if (!line.textContent.startsWith(`${serial},`)) continue;
      for (const span of line.querySelectorAll('span')) {
        const content = getComputedStyle(span, '::before').content;
        if (content && content.includes('⟨')) {
          const rect = span.getBoundingClientRect();
          return { x: rect.left, y: rect.top, width: rect.width, height: rect.height, label: JSON.parse(content) };
        }
      }
    }
    return undefined;
  }, serial);
}

/** The screen rectangle of `needle` in the line that starts with `serial`. */
function textBox(page, serial, needle) {
  return page.evaluate(
    ([serial, needle]) => {
      const editor = document.querySelector('.editor-group-container.active .monaco-editor');
      for (const line of editor.querySelectorAll('.view-lines .view-line')) {
        if (!line.textContent.startsWith(`${serial},`)) continue;
        const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const at = node.data.indexOf(needle);
          if (at < 0) continue;
          const range = document.createRange();
          range.setStart(node, at);
          range.setEnd(node, at + needle.length);
          const rect = range.getBoundingClientRect();
          return { x: rect.left, y: rect.top, width: rect.width, height: rect.height };
        }
      }
      return undefined;
    },
    [serial, needle],
  );
}

/**
 * Moves the mouse to the middle of `box` and returns the text of the hover once it holds every one of `parts` (VS
 * Code shows the diagnostic and the extension's hover in one widget, each when it is ready).
 */
async function hoverText(page, box, parts) {
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  let hover = page.locator('.monaco-hover');
  for (const part of parts) hover = hover.filter({ hasText: part });
  await hover.first().waitFor();
  return (await hover.first().innerText()).replace(/\s+/g, ' ');
}

const occurrences = (text, word) => text.split(word).length - 1;

/** Waits until the line that starts with `serial` shows a label (its hash cell is collapsed). */
function waitForLabel(page, serial, timeout = STEP_TIMEOUT) {
  return page.waitForFunction(
    (serial) =>
      [...document.querySelectorAll('.editor-group-container.active .view-line')].some(
        (line) =>
          line.textContent.startsWith(`${serial},`) &&
          [...line.querySelectorAll('span')].some((span) => getComputedStyle(span, '::before').content.includes('⟨')),
      ),
    serial,
    { timeout },
  );
}

/** Checks every fully visible data row: serial, Product ID and tag drawn in the text area, the hash hidden behind a label. */
function checkRows(view, fleetRows, seen) {
  if (view.scrollLeft !== 0) throw new Error(`the editor is scrolled ${view.scrollLeft} px to the right`);
  for (const row of view.rows) {
    const index = fleetRows.findIndex((cells) => cells[0] === row.cells[0]);
    if (index < 0) continue; // the header
    const [serial, productId, hash, tag] = row.shown;
    for (const [name, cell] of [
      ['serial', serial],
      ['Product ID', productId],
      ['group tag', tag],
    ]) {
      if (!cell?.first || !cell.last) throw new Error(`row ${index + 1} (${row.cells[0]}): the ${name} is not on screen`);
    }
    if (!hash?.hidden) throw new Error(`row ${index + 1}: the hash cell is drawn in full`);
    if (row.labels.length !== 1) throw new Error(`row ${index + 1}: ${row.labels.length} labels drawn`);
    seen.add(index);
  }
}

async function main() {
  mkdirSync(outputDir, { recursive: true });
  const fixtures = await makeWorkspace();
  options.workspace = fixtures.dir;
  const { fleetRows, damagedHashRow, misspelledTagRow, misspelledTag } = fixtures;
  const results = [];
  try {
    await withCodeServer(options, async (session) => {
      const { page } = session;
      page.setDefaultTimeout(STEP_TIMEOUT);
      await session.automation();
      const state = {};

      const steps = [
        [
          'workbench loads',
          async () => {
            await session.openWorkbench(fixtures.fleet);
          },
        ],
        [
          'a freshly opened file fills the Outline and Go to Symbol, before any edit',
          async () => {
            await runCommand(page, 'Explorer: Focus on Outline View');
            await openFile(page, fixtures.fresh, 'Device Serial Number');
            // Serials of the fresh file's three devices; before the fix the Outline said "No symbols found" until an edit.
            const serials = fleetRows.slice(20, 23).map((cells) => cells[0]);
            for (const serial of serials) {
              await page.locator('.outline-pane .monaco-list-row', { hasText: serial }).first().waitFor({ timeout: 45_000 });
            }
            await screenshot(page, 'outline');
            await page.locator('.editor-group-container.active .monaco-editor').click({ position: { x: 200, y: 40 } });
            await page.keyboard.press('Control+Shift+O');
            await page.locator('.quick-input-widget .monaco-list-row', { hasText: serials[1] }).first().waitFor();
            await page.keyboard.press('Escape');
          },
        ],
        [
          'the 60-device Intune file shows every serial, Product ID and group tag without horizontal scrolling',
          async () => {
            await openFile(page, fixtures.fleet, 'Device Serial Number');
            await waitForLabel(page, fleetRows[0][0], 45_000);
            const seen = new Set();
            const top = await visibleRows(page);
            checkRows(top, fleetRows, seen);
            log(`top: ${top.rows.length} lines, labels e.g. ${top.rows[1]?.labels[0]} / ${top.rows[10]?.labels[0]}`);
            await screenshot(page, 'collapsed');
            await page.keyboard.press('Control+End');
            await page.waitForTimeout(500);
            const bottom = await visibleRows(page);
            checkRows(bottom, fleetRows, seen);
            await screenshot(page, 'collapsed-end');
            const missing = fleetRows.map((_, index) => index).filter((index) => !seen.has(index));
            if (missing.length > 0) throw new Error(`rows never seen in full: ${missing.map((index) => index + 1).join(', ')}`);
            await page.keyboard.press('Control+Home');
          },
        ],
        [
          'the status bar names the column and the device under the cursor',
          async () => {
            // Line 4 is device 3; End puts the cursor in its group tag.
            await goToLine(page, 4);
            await page.keyboard.press('End');
            const item = page.locator('.statusbar-item', { hasText: 'Group Tag · device 3 of 60' });
            await item.waitFor();
            await goToLine(page, 4, 3);
            await page.locator('.statusbar-item', { hasText: 'Device Serial Number · device 3 of 60' }).waitFor();
            await screenshot(page, 'status-bar');
          },
        ],
        [
          'typing in a group tag and in a serial leaves every hash cell collapsed',
          async () => {
            // Device 4 (line 5): a character at the end of its tag, one before its serial (which moves its hash cell).
            const [serial] = fleetRows[3];
            await goToLine(page, 5);
            await page.keyboard.press('End');
            await page.keyboard.type('x');
            await goToLine(page, 5, 1);
            await page.keyboard.type('y');
            // No suggestions of other rows' serials and 4,000-character hashes (VS Code's word-based ones) while
            // typing a serial: the language's default turns them off.
            await page.waitForTimeout(1_500);
            if (await page.locator('.editor-widget.suggest-widget.visible').isVisible()) {
              await screenshot(page, 'typed-suggestions');
              throw new Error('typing in a serial opened a suggestion list');
            }
            // The row summaries are asked for a moment after the last keystroke; the labels must survive them.
            await page.locator('.statusbar-item', { hasText: 'Device Serial Number · device 4 of 60' }).waitFor();
            await page.waitForTimeout(2_000);
            await waitForLabel(page, `y${serial}`);
            const typed = fleetRows.map((cells, index) => (index === 3 ? [`y${cells[0]}`, cells[1], cells[2], `${cells[3]}x`] : cells));
            const seen = new Set();
            checkRows(await visibleRows(page), typed, seen);
            if (!seen.has(3)) throw new Error('the edited row is not on screen');
            await screenshot(page, 'typed');
            await page.keyboard.press('Control+Z');
            await page.keyboard.press('Control+Z');
            await waitForLabel(page, serial);
          },
        ],
        [
          'hovering a label shows the hash verdict first, then the device',
          async () => {
            const serial = fleetRows[2][0];
            const box = await labelBox(page, serial);
            if (!box) throw new Error(`no label on ${serial}'s line`);
            await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
            const hover = page.locator('.monaco-hover', { hasText: 'Hardware hash' }).first();
            await hover.waitFor();
            const text = await hover.innerText();
            const order = ['Checksum', 'Length', 'Virtual machine', 'Serial number', 'Windows build'].map((word) => text.indexOf(word));
            if (order.some((at) => at < 0) || order.some((at, i) => i > 0 && at < order[i - 1])) {
              throw new Error(`the hover is not verdict first: ${text.replace(/\s+/g, ' ').slice(0, 300)}`);
            }
            await screenshot(page, 'hover');
            await page.mouse.move(5, 880);
            await page.keyboard.press('Escape');
          },
        ],
        [
          "hovers say each problem once: the diagnostic's message, then the facts; a misspelled tag's group rule uses the corrected tag",
          async () => {
            const damaged = fleetRows[damagedHashRow][0];
            const label = await labelBox(page, damaged);
            if (!label) throw new Error(`no label on ${damaged}'s line`);
            const hash = await hoverText(page, label, ['Hardware hash truncated', 'Checksum']);
            if (occurrences(hash, 'Copy the whole hash again') !== 1 || occurrences(hash, 'Hardware hash truncated') !== 1) {
              throw new Error(`the damaged hash's problem is not said exactly once: ${hash.slice(0, 400)}`);
            }
            await screenshot(page, 'hover-damaged');
            await page.mouse.move(5, 880);
            await page.keyboard.press('Escape');

            const serial = fleetRows[misspelledTagRow][0];
            const tagBox = await textBox(page, serial, misspelledTag);
            if (!tagBox) throw new Error(`no misspelled tag on ${serial}'s line`);
            const tag = await hoverText(page, tagBox, ['misspelling of', 'Group tag']);
            if (occurrences(tag, 'misspelling') !== 1) throw new Error(`the misspelling is not said exactly once: ${tag.slice(0, 600)}`);
            if (!tag.includes('[OrderID]:Sales-Berlin"') || tag.includes(`[OrderID]:${misspelledTag}`)) {
              throw new Error(`the group rule does not use the corrected tag: ${tag.slice(0, 600)}`);
            }
            await screenshot(page, 'hover-tag');
            await page.mouse.move(5, 880);
            await page.keyboard.press('Escape');
          },
        ],
        [
          'a click on a label opens the cell; typing in it changes the hash; leaving it collapses it again',
          async () => {
            const index = 4;
            const serial = fleetRows[index][0];
            const box = await labelBox(page, serial);
            if (!box) throw new Error(`no label on ${serial}'s line`);
            await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
            await page.waitForFunction((serial) => {
              const line = [...document.querySelectorAll('.editor-group-container.active .view-line')].find((candidate) =>
                candidate.textContent.startsWith(`${serial},`),
              );
              return line && ![...line.querySelectorAll('span')].some((span) => getComputedStyle(span, '::before').content.includes('⟨'));
            }, serial);
            for (let i = 0; i < 10; i++) await page.keyboard.press('ArrowLeft');
            await page.keyboard.type('QQ');
            const expected = `${fleetRows[index][2].slice(0, -10)}QQ${fleetRows[index][2].slice(-10)},${fleetRows[index][3]}`;
            await page.waitForFunction(
              ([serial, expected]) =>
                [...document.querySelectorAll('.editor-group-container.active .view-line')].some(
                  (line) => line.textContent.replace(/\u00a0/g, ' ') === `${serial},${expected}`,
                ),
              [serial, `${fleetRows[index][1]},${expected}`],
            );
            const cursor = await page.evaluate(() => {
              const editor = document.querySelector('.editor-group-container.active .monaco-editor');
              const caret = editor.querySelector('.cursors-layer .cursor');
              const guard = editor.querySelector('.overflow-guard').getBoundingClientRect();
              const rect = caret.getBoundingClientRect();
              return { display: getComputedStyle(caret).display, inside: rect.left >= guard.left && rect.right <= guard.right };
            });
            if (cursor.display === 'none' || !cursor.inside)
              throw new Error(`the caret is not drawn in the open cell: ${JSON.stringify(cursor)}`);
            // The edit broke the hash: the Problems panel says so.
            await page.keyboard.press('Control+Shift+M');
            await page
              .locator('.markers-panel .monaco-list-row', { hasText: /hash-(base64|checksum)/ })
              .first()
              .waitFor();
            await screenshot(page, 'typing');
            // Back to the serial: the cell collapses and the view comes back from the right.
            await goToLine(page, index + 2, 1);
            await waitForLabel(page, serial);
            await page.waitForTimeout(300);
            // The view is back at the left edge, and the edited hash's label says what the edit did to it.
            const view = await visibleRows(page);
            if (view.scrollLeft !== 0) throw new Error(`the editor stayed scrolled ${view.scrollLeft} px to the right`);
            const edited = view.rows.find((row) => row.cells[0] === serial);
            if (!edited?.labels[0]?.includes('4002')) throw new Error(`the edited row's label: ${edited?.labels[0]}`);
            checkRows({ ...view, rows: view.rows.filter((row) => row !== edited) }, fleetRows, new Set());
            await page.keyboard.press('Control+Z');
          },
        ],
        [
          'Find in a hash opens that row only, with the match in view',
          async () => {
            const index = 7;
            // A piece of the hash no other row has (the synthetic hashes share their structure).
            const hash = fleetRows[index][2];
            let needle = '';
            for (let at = 0; at + 24 <= hash.length && !needle; at += 8) {
              const piece = hash.slice(at, at + 24);
              if (fleetRows.every((cells, other) => other === index || !cells[2].includes(piece))) needle = piece;
            }
            await page.keyboard.press('Control+F');
            await page.keyboard.type(needle);
            await page.keyboard.press('Enter');
            await page.locator('.editor-group-container.active .find-widget', { hasText: '1 of 1' }).waitFor();
            // Only the row with the match shows its hash; every other row keeps its label.
            await page.waitForFunction((serial) => {
              const lines = [...document.querySelectorAll('.editor-group-container.active .view-line')];
              const open = lines.filter(
                (line) =>
                  /^[^,]+,\d{13},/.test(line.textContent) &&
                  ![...line.querySelectorAll('span')].some((span) => getComputedStyle(span, '::before').content.includes('⟨')),
              );
              return open.length === 1 && open[0].textContent.startsWith(`${serial},`);
            }, fleetRows[index][0]);
            await screenshot(page, 'find');
            await page.keyboard.press('Escape');
            await page.keyboard.press('Home');
            await waitForLabel(page, fleetRows[index][0]);
            await page.waitForTimeout(300);
            checkRows(await visibleRows(page), fleetRows, new Set());
          },
        ],
        [
          'Toggle Collapsed Hash Cells shows every hash and collapses them again; Expand opens one row',
          async () => {
            await runCommand(page, 'Autopilot CSV: Toggle Collapsed Hash Cells');
            await page.waitForFunction(
              () =>
                ![...document.querySelectorAll('.editor-group-container.active .view-line span')].some((span) =>
                  getComputedStyle(span, '::before').content.includes('⟨'),
                ),
            );
            await runCommand(page, 'Autopilot CSV: Toggle Collapsed Hash Cells');
            await waitForLabel(page, fleetRows[0][0]);
            await goToLine(page, 3, 1);
            await runCommand(page, 'Autopilot CSV: Expand the Hash Cell on This Line');
            await page.waitForFunction((serial) => {
              const line = [...document.querySelectorAll('.editor-group-container.active .view-line')].find((candidate) =>
                candidate.textContent.startsWith(`${serial},`),
              );
              return line && ![...line.querySelectorAll('span')].some((span) => getComputedStyle(span, '::before').content.includes('⟨'));
            }, fleetRows[1][0]);
            // Every other row keeps its label.
            const others = (await visibleRows(page)).rows.filter(
              (row) => row.cells[0] !== fleetRows[1][0] && fleetRows.some((cells) => cells[0] === row.cells[0]),
            );
            if (others.length < 10 || others.some((row) => row.labels.length !== 1)) throw new Error('other rows lost their label');
            await screenshot(page, 'expanded-row');
            // Leaving the line collapses it again.
            await goToLine(page, 5, 1);
            await waitForLabel(page, fleetRows[1][0]);
          },
        ],
        [
          "each column has its colour in the default (light) theme; the sample's explanation rows are no header",
          async () => {
            await openFile(page, fixtures.sample, 'Device serial number');
            state.light = await columnColours(page);
            await screenshot(page, 'colours-light');
          },
        ],
        [
          'and in a dark theme',
          async () => {
            // Preferences: Color Theme (the palette would rank "Browse Color Themes in Marketplace" first).
            await page.keyboard.press('Control+K');
            await page.keyboard.press('Control+T');
            const input = page.locator('.quick-input-widget .quick-input-box input');
            await input.waitFor();
            await input.fill('Dark 2026');
            await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Dark 2026' }).first().click();
            await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
            await page.locator('.monaco-workbench.vs-dark').waitFor();
            await page.waitForTimeout(500);
            const dark = await columnColours(page);
            await screenshot(page, 'colours-dark');
            if (dark.serial === state.light.serial) throw new Error(`the serial has the same colour in both themes: ${dark.serial}`);
            // Back to a collapsed file in the dark theme, for the record.
            await page.locator('.tabs-container .tab', { hasText: fixtures.fleet }).click();
            await waitForLabel(page, fleetRows[0][0]);
            await screenshot(page, 'collapsed-dark');
          },
        ],
        [
          "the walkthrough's Fix All fixes the file active last and ticks its step; sign-in links to the app registration",
          async () => {
            await page.locator('.tabs-container .tab', { hasText: fixtures.sample }).click();
            await page.locator('.editor-group-container.active .tab.active', { hasText: fixtures.sample }).waitFor();
            await page.keyboard.press('Control+Shift+P');
            const input = page.locator('.quick-input-widget .quick-input-box input');
            await input.waitFor();
            await input.fill('>Welcome: Open Walkthrough');
            await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Open Walkthrough' }).first().waitFor();
            await page.keyboard.press('Enter');
            await page.locator('.quick-input-widget .monaco-list-row', { hasText: WALKTHROUGH }).first().waitFor();
            await input.fill(WALKTHROUGH);
            await page.keyboard.press('Enter');
            const walkthrough = page.locator('.gettingStartedContainer', { hasText: WALKTHROUGH });
            await walkthrough.waitFor();
            const step = (id, checked) =>
              page.locator(`.gettingStartedContainer button.getting-started-step[data-step-id$="${id}"][aria-checked="${checked}"]`);
            await step('fix', 'false').waitFor();
            await step('fix', 'false').click();
            await walkthrough.getByRole('button', { name: 'Fix All Problems in File' }).click();
            await step('fix', 'true').waitFor();
            // Nothing was signed in or uploaded: those steps stay open.
            await step('signIn', 'false').waitFor();
            await step('upload', 'false').waitFor();
            await step('signIn', 'false').click();
            const link = walkthrough.locator('a', { hasText: 'the steps' });
            await link.waitFor();
            const target = (await link.getAttribute('data-href')) ?? (await link.getAttribute('href')) ?? '';
            if (!target.includes('#register-an-app-for-sign-in')) throw new Error(`the sign-in step links to ${target}`);
            await screenshot(page, 'walkthrough');
            // The fixed file is shown beside the walkthrough: header spelled right, Microsoft's explanation rows gone.
            const beside = page.locator('.editor-group-container .monaco-editor .view-lines', { hasText: /Device.Serial.Number,/ }).first();
            await beside.waitFor();
            const text = (await beside.innerText()).replace(/\u00a0/g, ' ');
            if (!text.includes('Device Serial Number,Windows Product ID') || /illustrates|SAMPLE EXPLAINED/.test(text)) {
              throw new Error(`the file beside the walkthrough was not fixed: ${text.slice(0, 200)}`);
            }
          },
        ],
      ];

      await session.runSteps(steps, results, 'editorCheck', () => screenshot(page, 'failure'));
    });
  } finally {
    if (!options.keep) rmSync(fixtures.dir, { recursive: true, force: true });
  }
  return results;
}

/**
 * The colours of the sample file's cells once the language server coloured them: serial, Product ID and hash of the
 * device row differ from each other; the explanation row is neither bold nor coloured like the header.
 */
async function columnColours(page) {
  const read = () =>
    page.evaluate(() => {
      const editor = document.querySelector('.editor-group-container.active .monaco-editor');
      const lines = [...editor.querySelectorAll('.view-lines .view-line')];
      const styleAt = (line, needle) => {
        for (const span of line?.querySelectorAll('span span') ?? []) {
          if (text(span).includes(needle)) {
            const style = getComputedStyle(span);
            return { color: style.color, weight: style.fontWeight };
          }
        }
        return undefined;
      };
      const text = (element) => element.textContent.replace(/\u00a0/g, ' ');
      const header = lines.find((line) => text(line).startsWith('Device serial number'));
      const device = lines.find((line) => /^[A-Z0-9-]+,\d{13},T0/.test(text(line)));
      const explanation = lines.find((line) => text(line).startsWith('Line 2 illustrates'));
      const [serial, productId] = device ? text(device).split(',') : [];
      return {
        header: styleAt(header, 'Device'),
        serial: styleAt(device, serial)?.color,
        productId: styleAt(device, productId)?.color,
        explanation: styleAt(explanation, 'Line'),
      };
    });
  let colours;
  // Semantic tokens arrive a moment after the text.
  for (let attempt = 0; attempt < 40; attempt++) {
    colours = await read();
    if (colours.serial && colours.productId && colours.serial !== colours.productId) break;
    await page.waitForTimeout(250);
  }
  log(`colours: ${JSON.stringify(colours)}`);
  if (!colours.serial || colours.serial === colours.productId)
    throw new Error(`serial and Product ID share a colour: ${JSON.stringify(colours)}`);
  if (!colours.explanation || Number(colours.explanation.weight) >= 600)
    throw new Error(`the explanation row is bold: ${JSON.stringify(colours)}`);
  if (colours.explanation.color === colours.header?.color)
    throw new Error(`the explanation row is coloured like the header: ${JSON.stringify(colours)}`);
  return colours;
}

await reportAndExit(main);
