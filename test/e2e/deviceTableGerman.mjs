#!/usr/bin/env node
// The device table's page in German, in headless Chromium: the page VS Code would show in a German VS Code, built by
// the extension's own code (client/src/deviceTable/tablePage.ts and tableTranslations.ts, bundled here with a
// `vscode` whose l10n reads l10n/bundle.l10n.de.json, as VS Code does with the German language pack), under its
// strict Content Security Policy, fed a table of devices the way the extension feeds it. Everything a person reads
// or hears (text, titles, ARIA labels, placeholders) must be German; the devices' own values and rule codes stay as
// they are. No code-server: the workbench in German is test/e2e/germanCheck.mjs's. Screenshots:
// test-output/e2e/device-table-de.png (rows, details, a selection) and device-table-de-empty.png.
// Prints a plain `N passed, N failed` line.
//
//   node test/e2e/deviceTableGerman.mjs   (after `node esbuild.mjs`: it shows dist/webview/deviceTable.js)
/* global window, document, NodeFilter -- the functions given to page.evaluate and addInitScript run in the page */
import * as esbuild from 'esbuild';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromiumArgs, chromiumPath, log, outputDir, repoRoot, reportAndExit, runSteps } from './harness.mjs';

const STEP_TIMEOUT = 20_000;

/** English words the page would show if it wrote any of its own (its German words contain none of them). */
const ENGLISH =
  /\b(the|of|and|no|not|with|line|lines|row|rows|device|devices|problems|rules|selected|registered|rejected|hash|serial|number|group|model|manufacturer|yes|loading|open|show|actions?|delete|apply|fixes|sorted|empty|file|user|assigned|processing|result)\b/i;

/** A `vscode` for the extension's page code: German l10n from the bundle, file URIs, nothing else. */
const FAKE_VSCODE = `
import german from ${JSON.stringify(path.join(repoRoot, 'l10n', 'bundle.l10n.de.json'))};
const fill = (message, args) => message.replace(/\\{(\\d+)\\}/g, (placeholder, index) => String(args[Number(index)] ?? placeholder));
export const l10n = { t: (message, ...args) => fill(german[message] ?? message, args) };
export const env = { language: 'de' };
export const Uri = { joinPath: (base, ...parts) => ({ path: [base.path, ...parts].join('/') }) };
`;

/** The extension's page HTML in German, for a "webview" that serves the files from disk. */
async function germanPage(dir) {
  const bundle = path.join(dir, 'page.mjs');
  await esbuild.build({
    entryPoints: [path.join(repoRoot, 'client/src/deviceTable/tablePage.ts')],
    outfile: bundle,
    bundle: true,
    format: 'esm',
    platform: 'node',
    logLevel: 'warning',
    plugins: [
      {
        name: 'fake-vscode',
        setup(build) {
          build.onResolve({ filter: /^vscode$/ }, () => ({ path: 'vscode', namespace: 'fake' }));
          build.onLoad({ filter: /.*/, namespace: 'fake' }, () => ({ contents: FAKE_VSCODE, loader: 'js', resolveDir: repoRoot }));
        },
      },
    ],
  });
  const { tablePageHtml } = await import(pathToFileURL(bundle).href);
  const webview = { cspSource: 'file:', asWebviewUri: (uri) => pathToFileURL(uri.path) };
  return tablePageHtml(webview, { path: repoRoot });
}

/** Three devices as the language server sends them: one fine, one a virtual machine without TPM, one with problems. */
function table() {
  const row = (line, values, hash, problems) => ({
    line,
    values,
    cells: { serial: [0, 0, 0, values.serial.length] },
    end: [0, 100],
    cellCount: 5,
    hash,
    problems,
  });
  const hash = (manufacturer, model, extra = {}) => ({
    manufacturer,
    model,
    serialNumber: 'x',
    readable: true,
    hasTpm: true,
    virtualMachine: [],
    ...extra,
  });
  return {
    revision: 1,
    version: 1,
    format: 'intune',
    formatLabel: 'Intune',
    columns: { serial: 0, productId: 1, hash: 2, groupTag: 3, assignedUser: 4 },
    delimiter: ',',
    fileProblems: [{ code: 'sample-row', severity: 'warning', message: 'Zeile 5 ist eine Beispielzeile.', span: [5, 0, 5, 10] }],
    update: {
      kind: 'full',
      rows: [
        row(1, { serial: 'PF5NRH33', groupTag: 'SP001_STD01', assignedUser: '' }, hash('LENOVO', '21CB00B8US'), []),
        row(2, { serial: 'QEMU0001', groupTag: 'SP001_STD01' }, hash('QEMU', 'Standard PC', { hasTpm: false, virtualMachine: ['QEMU'] }), [
          { code: 'hash-no-tpm', severity: 'warning', message: 'Der Hardwarehash enthält kein TPM.', span: [0, 0, 0, 8] },
        ]),
        row(3, { serial: 'CZC1234XYZ', groupTag: 'SP001_KOISK' }, hash('HP', 'EliteBook 840 G8'), [
          {
            code: 'group-tag-misspelled',
            severity: 'error',
            message: 'Das Gruppentag „SP001_KOISK“ sieht falsch geschrieben aus.',
            span: [0, 20, 0, 31],
          },
        ]),
      ],
    },
  };
}

/** Every text and every read-out attribute of the page, without the devices' own values and rule codes. */
async function readableText(frame) {
  return frame.evaluate(() => {
    const parts = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) parts.push(node.textContent ?? '');
    for (const element of document.querySelectorAll('*')) {
      for (const name of ['aria-label', 'title', 'placeholder'])
        if (element.hasAttribute(name)) parts.push(element.getAttribute(name) ?? '');
    }
    parts.push(document.title);
    return parts.join('\n');
  });
}

function withoutValues(text) {
  const values = [
    'PF5NRH33',
    'QEMU0001',
    'CZC1234XYZ',
    'SP001_STD01',
    'SP001_KOISK',
    'LENOVO',
    '21CB00B8US',
    'QEMU',
    'Standard PC',
    'HP',
    'EliteBook 840 G8',
  ];
  let rest = text.replace(/\b[a-z]+(?:-[a-z]+)+\b/g, ''); // rule codes
  for (const value of values) rest = rest.split(value).join('');
  return rest;
}

function expectGerman(text, where) {
  const english = text
    .split('\n')
    .map((line) => withoutValues(withoutHeaderNames(line)))
    .filter((line) => ENGLISH.test(line));
  if (english.length > 0) throw new Error(`${where}: English on the page: ${JSON.stringify(english.slice(0, 5))}`);
}

async function main() {
  mkdirSync(outputDir, { recursive: true });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'autopilot-csv-table-de-'));
  const results = [];
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  try {
    const page = await browser.newPage({ viewport: { width: 1200, height: 640 } });
    page.setDefaultTimeout(STEP_TIMEOUT);
    const violations = [];
    page.on('console', (message) => {
      if (/Content Security Policy|Refused/i.test(message.text())) violations.push(message.text());
    });
    page.on('pageerror', (error) => violations.push(error.message));
    await page.addInitScript(() => {
      window.posted = [];
      window.acquireVsCodeApi = () => ({
        postMessage: (message) => window.posted.push(message),
        getState: () => undefined,
        setState: () => {},
      });
    });
    const html = await germanPage(dir);
    const file = path.join(dir, 'table.html');
    writeFileSync(file, html);

    await runSteps(
      [
        [
          'the page loads under its Content Security Policy, in German, and asks for the rows',
          async () => {
            await page.goto(pathToFileURL(file).href);
            await page.waitForFunction(() => window.posted.some((message) => message.type === 'ready'));
            if ((await page.getAttribute('html', 'lang')) !== 'de') throw new Error('the page is not marked German');
            if (violations.length > 0) throw new Error(`the page broke its policy: ${violations.join('; ')}`);
            await page.getByText('Geräte werden geladen…').first().waitFor();
            expectGerman(await readableText(page), 'loading');
          },
        ],
        [
          'an empty file says so in German, the header example kept as the file would hold it',
          async () => {
            await page.evaluate(() => window.postMessage({ type: 'state', state: 'empty' }, '*'));
            await page.getByText('Diese Datei ist leer').waitFor();
            await page.getByText('Device Serial Number,Windows Product ID,Hardware Hash,Group Tag', { exact: false }).waitFor();
            await page.getByRole('button', { name: 'Im Text-Editor öffnen' }).waitFor();
            expectGerman(await readableText(page), 'empty file');
            await page.screenshot({ path: path.join(outputDir, 'device-table-de-empty.png') });
          },
        ],
        [
          'the devices, their problems, a selection and the details speak German',
          async () => {
            await page.evaluate((data) => window.postMessage({ type: 'table', table: data }, '*'), table());
            await page.evaluate(() =>
              window.postMessage(
                { type: 'uploadResults', results: [{ line: 1, status: 'registered', message: 'Registriert bei Contoso.' }] },
                '*',
              ),
            );
            const grid = page.getByRole('grid', { name: 'Geräte' });
            await grid.waitFor();
            await page.getByRole('columnheader', { name: 'Seriennummer' }).waitFor();
            await page.getByRole('columnheader', { name: 'Gruppentag' }).waitFor();
            await page.getByPlaceholder('Geräte filtern').waitFor();
            await page.getByText('Format Intune · 3 Geräte').waitFor();
            await page.getByRole('gridcell', { name: /^1 Problem: Fehler group-tag-misspelled$/ }).click();
            await page.getByText('1 ausgewählt', { exact: false }).waitFor();
            await page.getByRole('heading', { name: 'Zeile 4 · CZC1234XYZ' }).waitFor();
            await page.getByRole('columnheader', { name: 'Probleme' }).click();
            await page.getByText('Nach Probleme sortiert, absteigend.').waitFor();
            await page.locator('.file-problems summary').click();
            expectGerman(await readableText(page), 'the table');
            await page.screenshot({ path: path.join(outputDir, 'device-table-de.png') });
            // A device without problems, registered by the last upload: its details say both.
            await page.getByRole('gridcell', { name: 'PF5NRH33', exact: true }).click();
            await page.getByRole('heading', { name: 'Zeile 2 · PF5NRH33' }).waitFor();
            await page.getByText('Keine Probleme.').waitFor();
            expectGerman(await readableText(page), 'a registered device');
          },
        ],
      ],
      results,
      async () => {
        await page.screenshot({ path: path.join(outputDir, 'device-table-de-failure.png') });
        log(`page text: ${(await readableText(page)).slice(0, 2000)}`);
      },
    );
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return results;
}

/** The header's column names are the file's own words, the same in every language. */
function withoutHeaderNames(text) {
  return text.replace(/Device Serial Number|Windows Product ID|Hardware Hash|Group Tag/g, '');
}

await reportAndExit(main);
