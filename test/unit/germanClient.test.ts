// The VS Code client in a German VS Code: the device table's page gets a German word for everything it shows (and
// writes none of its own), the upload's question and its results on the rows are German sentences, the status bar
// names the device in German while the file's column names stay as the header has them, and the hash labels'
// words follow the server's language. Same facts, same structure as in English.
import '../doubles/registerFakeVscode';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { afterEach, describe, it } from 'node:test';
import * as ts from 'typescript';
import { cellValueProblemText, tableStrings } from '../../client/src/deviceTable/tableTranslations';
import { escapeHtml } from '../../client/src/deviceTable/tablePage';
import { cursorWords } from '../../client/src/editor/cursorStatus';
import { cursorDescription } from '../../client/src/editor/rowLookup';
import { confirmationText, type ConfirmationFacts } from '../../client/src/upload/uploadConfirmation';
import { uploadResultText, type RowResult } from '../../client/src/upload/uploadResultsView';
import type { UploadStatus } from '../../server/src/cloud/uploadEngine';
import { decodeHardwareHash } from '../../server/src/core/hashDecoder';
import { summarizeHash } from '../../server/src/core/hashSummary';
import { useLocale } from '../../server/src/core/locale';
import type { RowSummariesRequest } from '../../server/src/protocol/extensionProtocol';
import { format, type TableStrings } from '../../client/webview/deviceTable/tableStrings';
import { generateHardwareHash, syntheticDevice } from '../../scripts/lib/hashGenerator';
import { fakeVscode } from '../doubles/fakeVscode';

/** Every word of the record, by its path (`columns.serial`, `devices.one`). */
function leaves(record: object, prefix = ''): Map<string, string> {
  const found = new Map<string, string>();
  for (const [key, value] of Object.entries(record)) {
    if (typeof value === 'string') found.set(`${prefix}${key}`, value);
    else for (const [path, word] of leaves(value as object, `${prefix}${key}.`)) found.set(path, word);
  }
  return found;
}

function inLanguage<T>(language: 'en' | 'de', make: () => T): T {
  fakeVscode.language = language;
  try {
    return make();
  } finally {
    fakeVscode.language = 'en';
  }
}

/** Words the same in both languages: abbreviations, and messages made only of values. */
const SAME_IN_GERMAN = new Set(['columns.tpm', 'columns.vm', 'columns.upload', 'uploadLabel']);

describe('the device table in German', () => {
  const english = leaves(inLanguage('en', tableStrings));
  const german = leaves(inLanguage('de', tableStrings));

  it('gives the page a German word for everything it shows, with the English one’s placeholders', () => {
    assert.ok(english.size > 80, `${english.size} words`);
    assert.deepEqual([...german.keys()], [...english.keys()]);
    const untranslated = [...english].filter(([path, word]) => german.get(path) === word && !SAME_IN_GERMAN.has(path));
    assert.deepEqual(untranslated, []);
    for (const [path, word] of english) {
      const placeholders = (text: string) => [...text.matchAll(/\{\d\}/g)].map((match) => match[0]).sort();
      assert.deepEqual(placeholders(german.get(path) ?? ''), placeholders(word), path);
    }
    assert.equal(german.get('columns.groupTag'), 'Gruppentag');
    assert.equal(german.get('columns.serial'), 'Seriennummer');
    assert.equal(format(german.get('devicesShown.other') ?? '', '500', '12'), '12 von 500 Geräten');
  });

  it('says in German why a value cannot go into a cell (page, tag picker and refused edits alike)', () => {
    assert.match(
      inLanguage('de', () => cellValueProblemText('comma')),
      /kein Komma/,
    );
    assert.equal(
      inLanguage('de', tableStrings).invalidValue.comma,
      inLanguage('de', () => cellValueProblemText('comma')),
    );
  });

  it('hands the words over in the page’s HTML as an attribute that cannot break out of its quotes', () => {
    const strings: Partial<TableStrings> = { emptyText: 'a "quoted" <b>header</b> & \'more\'' };
    const attribute = escapeHtml(JSON.stringify(strings));
    assert.doesNotMatch(attribute, /["<>']/);
    const decoded = attribute.replace(/&#(\d+);/g, (_entity, code: string) => String.fromCharCode(Number(code)));
    assert.deepEqual(JSON.parse(decoded), strings);
  });

  it('writes no English of its own: every text, title, label and placeholder of the page comes from its words', () => {
    const found: string[] = [];
    for (const file of ['client/webview/deviceTable/tableView.ts', 'client/webview/deviceTable/tableMain.ts']) {
      found.push(...englishShownBy(file));
    }
    assert.deepEqual(found, []);
  });
});

/**
 * String literals that reach what a person reads or hears (textContent, title, placeholder, aria-label, the
 * element() helper's text, a notice, an appended text) and hold a word: none may, the words come from the record.
 * The header's column names are the one exception: they are the file's own words in every language.
 */
function englishShownBy(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const fileHeaderNames = /^'(Device Serial Number|Windows Product ID|Hardware Hash|Group Tag)'$/;
  const wordsIn = (node: ts.Node) => {
    const visit = (child: ts.Node): void => {
      if (ts.isStringLiteral(child) || ts.isNoSubstitutionTemplateLiteral(child) || ts.isTemplateExpression(child)) {
        const text = child.getText(source).replace(/\$\{[^}]*\}/g, '');
        if (/[A-Za-z]{2,}/.test(text) && !fileHeaderNames.test(text)) {
          found.push(`${file}:${source.getLineAndCharacterOfPosition(child.getStart(source)).line + 1}: ${text}`);
        }
      }
      // A message's values (device values, codes) are not words of the page, nor what other calls are given (an
      // element's tag and class; its text is a sink of its own), nor a key to look up.
      if (ts.isCallExpression(child)) {
        if (child.expression.getText(source) === 'format') visit(child.arguments[0] as ts.Node);
        return;
      }
      if (ts.isElementAccessExpression(child) || ts.isArrowFunction(child)) return;
      ts.forEachChild(child, visit);
    };
    visit(node);
  };
  const visit = (node: ts.Node): void => {
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const target = node.left.getText(source);
      if (/\.(textContent|title|placeholder)$/.test(target)) wordsIn(node.right);
    }
    if (ts.isCallExpression(node)) {
      const callee = node.expression.getText(source);
      const args = node.arguments;
      if (/\.setAttribute$/.test(callee) && /^'(aria-label|title|placeholder)'$/.test(args[0]?.getText(source) ?? ''))
        wordsIn(args[1] as ts.Node);
      if (callee === 'element' && args[2]) wordsIn(args[2]);
      if (/\.(say|append|replaceChildren)$/.test(callee)) for (const arg of args) wordsIn(arg);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('the upload in German', () => {
  const facts: ConfirmationFacts = {
    destination: {
      service: 'Partner Center',
      customerName: 'Contoso',
      tenantId: 'c0ffee00-0000-4000-8000-000000000001',
      domain: 'contoso.example',
    },
    fileName: 'devices.csv',
    sending: 3,
    batches: [
      { name: 'SP001_STD01', devices: 2, exists: true },
      { name: 'SP001_KIOSK', devices: 1, exists: false },
    ],
    alreadyRegistered: [{ line: 4, batch: 'Sales', sameBatch: false }],
    inventoryComplete: false,
    warnings: 2,
    warningList: [
      { code: 'hash-no-tpm', line: 1, message: 'no TPM' },
      { code: 'hash-no-tpm', line: 2, message: 'no TPM' },
    ],
    notices: [],
  };

  it('asks the same question in German sentences: customer, file, devices, batches, what the customer has, warnings', () => {
    const english = inLanguage('en', () => confirmationText(facts));
    const german = inLanguage('de', () => confirmationText(facts));
    assert.equal(german.message, '3 Geräte zu Contoso hochladen?');
    assert.equal(german.detail.split('\n').length, english.detail.split('\n').length);
    assert.match(german.detail, /^Kunde: Contoso \(contoso\.example\), Mandant c0ffee00-0000-4000-8000-000000000001, in Partner Center$/m);
    assert.match(german.detail, /^Geräte: 3 zu senden, 1 bereits registriert \(nicht erneut gesendet\)$/m);
    assert.match(
      german.detail,
      /^Gerätebatches \(Gruppentags\): SP001_STD01 \(2 Geräte, vorhandener Gerätebatch\); SP001_KIOSK \(1 Gerät, neuer Gerätebatch\)$/m,
    );
    assert.match(
      german.detail,
      /^Bereits bei Contoso registriert: Zeile 5 im Gerätebatch „Sales“\. Dieses Gerät behält sein aktuelles Gruppentag\.$/m,
    );
    assert.match(german.detail, /^2 Warnungen in der Datei:$/m);
    assert.match(german.detail, /^• hash-no-tpm \(Zeilen 2, 3\): no TPM$/m);
    assert.doesNotMatch(german.detail, /\b(Customer|Devices|Batch|Already|warnings|line)\b/);
  });

  it('puts German results on the rows, the same result for the same status', () => {
    const statuses: UploadStatus[] = ['registered', 'already-registered', 'tag-not-applied', 'rejected', 'pending', 'not-sent', 'unknown'];
    const row = (status: UploadStatus): RowResult => ({
      line: 3,
      result: {
        line: 3,
        serialNumber: 'PF5NRH33',
        fingerprint: 'f',
        status,
        batchName: 'Sales',
        trackingId: 'job-1',
        existingBatch: 'Sales',
      },
      upload: { destination: facts.destination, uploadedAt: '2026-12-05T02:00:00.000Z', customerId: 'c0ffee00' },
    });
    const german = inLanguage('de', () => statuses.map((status) => uploadResultText(row(status))));
    assert.match(
      german[0] ?? '',
      /^Registriert bei Contoso \(Mandant c0ffee00-0000-4000-8000-000000000001\) in Partner Center, Gerätebatch "Sales", .*\(Tracking-ID job-1\)\.$/,
    );
    assert.equal(german[1], 'Bereits bei Contoso im Gerätebatch „Sales“ registriert: nichts zu tun.');
    assert.match(german[4] ?? '', /Tracking-ID job-1.*„Autopilot CSV: Uploadstatus prüfen…“/);
    assert.equal(german[5], 'Nicht zu Contoso hochgeladen.');
    assert.equal(german[6], 'Partner Center hat zu diesem Gerät nichts gemeldet (Tracking-ID job-1): Prüfen Sie es in Partner Center.');
    const english = inLanguage('en', () => statuses.map((status) => uploadResultText(row(status))));
    for (const [index, text] of german.entries()) assert.notEqual(text, english[index], statuses[index]);
  });
});

describe('the editor in German', () => {
  afterEach(() => useLocale('en'));

  it('names the device under the cursor in German, the column by the file’s own header', () => {
    const result: RowSummariesRequest.Result = {
      version: 1,
      format: 'intune',
      delimiter: ',',
      columns: ['Device Serial Number', 'Windows Product ID', 'Hardware Hash', 'Group Tag'],
      summaries: [],
      rows: [{ line: 1 }, { line: 2 }, { line: 3 }],
    };
    const line = 'PF5NRH33,,T0GH,Sales';
    const say = (position: { line: number; character: number }, text: string) =>
      inLanguage('de', () => cursorDescription(result, position, text, cursorWords()));
    assert.equal(say({ line: 3, character: 17 }, line), 'Group Tag · Gerät 3 von 3');
    assert.equal(say({ line: 0, character: 1 }, line), 'Device Serial Number · Kopfzeile');
    assert.equal(say({ line: 2, character: 22 }, `${line},extra`), 'Spalte 5 · Gerät 2 von 3');
    assert.equal(say({ line: 5, character: 0 }, ''), 'Leere Zeile');
  });

  it('labels a collapsed hash cell with German words, keeping the label’s shape', () => {
    const device = { ...syntheticDevice(1, 11), tpm: false };
    const text = generateHardwareHash(device, 11);
    const cut = text.slice(0, 1000);
    useLocale('en');
    const englishLabels = [summarizeHash(decodeHardwareHash(text)).label, summarizeHash(decodeHardwareHash(cut)).label];
    useLocale('de');
    const germanLabels = [summarizeHash(decodeHardwareHash(text)).label, summarizeHash(decodeHardwareHash(cut)).label];
    assert.match(englishLabels[0] ?? '', /⚠ no TPM/);
    assert.equal(germanLabels[0], englishLabels[0]?.replace('no TPM', 'kein TPM'));
    assert.match(englishLabels[1] ?? '', /✗ cut off · 1000⟩$/);
    assert.equal(germanLabels[1], englishLabels[1]?.replace('cut off', 'abgeschnitten'));
  });
});
