#!/usr/bin/env node
// The workbench with VS Code's display language set to German (code-server + headless Chromium, see harness.mjs;
// `displayLanguage: 'de'` makes code-server resolve German offline with a stub language pack, so VS Code's own
// strings stay English while the extension gets German), driven like a user with the keyboard:
//   - the Command Palette lists our commands by their German titles, under the category "Autopilot CSV";
//   - broken.csv's problems are German in the Problems panel, with the same rule codes as in English;
//   - the quick-fix menu on the sample row offers its fix by its German title;
//   - the walkthrough opens by its German title and shows its German page;
//   - the Settings editor describes a setting in German.
// Each check looks for German text that exists only in package.nls.de.json, l10n/bundle.l10n.de.json or
// docs/walkthrough/de/, so it fails when VS Code picks the English ones. Screenshots go to
// test-output/e2e/german-*.png (german-failure.png when a step fails). Prints a plain `N passed, N failed` line.
//
//   node test/e2e/germanCheck.mjs [--extension DIR] [--timeout MS] [--env NAME=VALUE] [--keep]
import { existsSync, mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { saveScreenshot, log, outputDir, parseArgs, withCodeServer, reportAndExit } from './harness.mjs';

const options = { ...parseArgs(process.argv.slice(2), { timeoutMs: 180_000 }), displayLanguage: 'de' };
const STEP_TIMEOUT = 30_000;
const FIXTURE = 'broken.csv';

const screenshot = (page, name) => saveScreenshot(page, `german-${name}`);

async function main() {
  if (!existsSync(path.join(options.extension, 'dist', 'client.js'))) {
    throw new Error(`extension bundle missing: ${path.join(options.extension, 'dist', 'client.js')} (run node esbuild.mjs)`);
  }
  mkdirSync(outputDir, { recursive: true });
  const results = [];

  await withCodeServer(options, async (session) => {
    const { page } = session;
    page.setDefaultTimeout(STEP_TIMEOUT);
    await session.automation();
    const quickInput = page.locator('.quick-input-widget .quick-input-box input');
    const quickRows = page.locator('.quick-input-widget .monaco-list-row');

    const steps = [
      [
        'the workbench loads in German',
        async () => {
          await session.openWorkbench(FIXTURE);
          // The workbench's own language (from the stub pack), which is what the extension host and the language
          // server are told.
          const language = await page.evaluate(() => globalThis._VSCODE_NLS_LANGUAGE);
          if (language !== 'de') throw new Error(`the workbench resolved the display language ${String(language)}, not de`);
        },
      ],
      [
        `${FIXTURE}'s problems are German in the Problems panel, with the same codes`,
        async () => {
          await page.keyboard.press('Control+P');
          await quickInput.waitFor();
          await quickInput.fill(FIXTURE);
          await quickRows.filter({ hasText: FIXTURE }).first().waitFor();
          await page.keyboard.press('Enter');
          await page.locator('.editor-instance .monaco-editor .view-lines', { hasText: 'Device Serial Number' }).waitFor();
          await page.keyboard.press('Control+Shift+M');
          // English: "Hardware hash is not valid base64: ..."
          const row = page.locator('.markers-panel .monaco-list-row', { hasText: 'Der Hardwarehash ist kein gültiges base64' }).first();
          await row.waitFor();
          const text = (await row.innerText()).replace(/\s+/g, ' ');
          if (!text.includes('hash-base64')) throw new Error(`the German problem does not carry its code hash-base64: ${text}`);
          log(`German problem: ${text}`);
          await screenshot(page, 'problems');
        },
      ],
      [
        'the quick-fix menu on the sample row offers its fix in German',
        async () => {
          await page.keyboard.press('Control+G');
          await quickInput.waitFor();
          await quickInput.fill(':2:1');
          await page.keyboard.press('Enter');
          await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
          await page.locator('.editor-instance .monaco-editor.focused').waitFor();
          const menu = page.locator('.context-view > .action-widget');
          // A key press can be lost while focus settles after the quick input closes: press again if no menu shows.
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
          // English: "Delete the sample row"
          await menu.locator('.monaco-list-row.action', { hasText: 'Beispielzeile löschen' }).first().waitFor();
          await screenshot(page, 'quick-fix');
          await page.keyboard.press('Escape');
        },
      ],
      [
        'the Command Palette lists our commands by their German titles, in the category Autopilot CSV',
        async () => {
          await page.keyboard.press('Control+Shift+P');
          await quickInput.waitFor();
          // English: "Fix All Problems in File", "Sign In to Partner Center", "Open Device Table".
          const titles = ['Alle Probleme in der Datei beheben', 'Bei Partner Center anmelden', 'Gerätetabelle öffnen'];
          for (const title of titles) {
            await quickInput.fill(`>Autopilot CSV: ${title}`);
            await quickRows
              .filter({ hasText: `Autopilot CSV: ${title}` })
              .first()
              .waitFor();
          }
          await quickInput.fill('>Autopilot CSV: ');
          await quickRows
            .filter({ hasText: `Autopilot CSV: ${titles[0]}` })
            .first()
            .waitFor();
          await screenshot(page, 'command-palette');
          await page.keyboard.press('Escape');
        },
      ],
      [
        'the walkthrough opens by its German title and shows its German page',
        async () => {
          const title = 'Erste Schritte mit Autopilot CSV';
          await page.keyboard.press('Control+Shift+P');
          await quickInput.waitFor();
          await quickInput.fill('>Welcome: Open Walkthrough');
          await quickRows.filter({ hasText: 'Open Walkthrough' }).first().waitFor();
          await page.keyboard.press('Enter');
          await quickRows.filter({ hasText: title }).first().waitFor();
          await quickInput.fill(title);
          await page.keyboard.press('Enter');
          await page.locator('.gettingStartedContainer', { hasText: title }).waitFor();
          await page.locator('.gettingStartedContainer .getting-started-step', { hasText: 'Gerätedatei öffnen' }).first().waitFor();
          // The step's page is markdown in a webview, two frames down (docs/walkthrough/de/open.md).
          const pageFrame = page.frameLocator('.gettingStartedContainer iframe.webview').frameLocator('iframe#active-frame');
          await pageFrame.locator('body', { hasText: 'Autopilot CSV prüft die Dateien' }).waitFor();
          await screenshot(page, 'walkthrough');
        },
      ],
      [
        'the Settings editor describes a setting in German',
        async () => {
          await page.keyboard.press('Control+,');
          // The search box has the focus when the Settings editor opens (it is a small editor, not an <input>).
          await page.locator('.settings-editor .settings-header .monaco-editor.focused').waitFor();
          await page.keyboard.type('autopilot.signIn.useDeviceCode');
          // English: "Sign in with a device code instead of a browser redirect ..."
          await page
            .locator('.settings-editor .setting-item-description', {
              hasText: 'Mit einem Gerätecode statt einer Browserumleitung anmelden',
            })
            .first()
            .waitFor();
          await screenshot(page, 'settings');
        },
      ],
    ];

    await session.runSteps(steps, results, 'germanCheck', () => screenshot(page, 'failure'));
  });
  return results;
}

await reportAndExit(main);
