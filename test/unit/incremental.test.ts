// The incremental engine against a full validate(): after random edits (typing, pasting rows, deleting line breaks,
// quotes, header changes) its result must be exactly the full validation of the new text. And the fast paths of
// validate() itself against the plain loop that runs every rule on every row.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { seededRandom, type Random } from '../../scripts/lib/random';
import { ChunkedText } from '../../server/src/core/chunkedText';
import { HashScratch, decodeHardwareHash } from '../../server/src/core/hashDecoder';
import { IncrementalValidation } from '../../server/src/core/incremental';
import type { Settings, TextEdit } from '../../server/src/core/types';
import { checkRow, createRuleContext, resolveSettings, validate, type Validation } from '../../server/src/core/validate';
import { parseSheet } from '../../server/src/core/sheet';
import { cellValue } from '../../server/src/core/csv';
import type { DataRow, FindingInit, RuleContext } from '../../server/src/core/rules/context';
import { checkCharacters } from '../../server/src/core/rules/encodingAndCharacters';
import { checkGroupTag } from '../../server/src/core/rules/groupTag';
import { checkHardwareHash } from '../../server/src/core/rules/hardwareHash';
import { checkIdentity } from '../../server/src/core/rules/identity';
import { checkProductId } from '../../server/src/core/rules/productId';
import { checkSampleRow, isSampleRow } from '../../server/src/core/rules/sampleRows';
import { checkSerialNumber } from '../../server/src/core/rules/serialNumber';
import { checkEmptyRow, checkFieldCount, checkQuotes, checkWhitespace, isEmptyRow } from '../../server/src/core/rules/structure';
import { DocumentStore } from '../../server/src/lsp/documentStore';
import { ServerTextDocuments } from '../../server/src/lsp/textDocument';
import { INTUNE_TAG_HEADER, PARTNER_HEADER, testDevice } from './support/builders';

const TAG = 'Microsoft365Managed_Autopilot';
const devices = Array.from({ length: 6 }, (_, index) => testDevice(index + 1));

function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

/** A row of some kind: valid, misspelled or missing tag, duplicate, broken hash, quotes, spaces, sample, empty. */
function randomRow(random: Random): string {
  const device = pick(random, devices);
  const hash = device.hash;
  switch (Math.floor(random() * 14)) {
    case 12:
      // Characters trim() removes around a hash that is otherwise plain base64.
      return `${device.serialNumber},,${pick(random, ['\u00a0', ' ', '\u2028'])}${hash}${pick(random, ['', '\u00a0', '\t'])},${TAG}`;
    case 13:
      return `${device.serialNumber},,"${hash}",${TAG}`;
    case 0:
      return `${device.serialNumber},,${hash},microsoft365managed_autopilot`;
    case 1:
      return `${device.serialNumber},,${hash},`;
    case 2:
      return `${device.serialNumber},,${hash.slice(0, 1500)},${TAG}`;
    case 3:
      return `"${device.serialNumber}",,${hash},${TAG}`;
    case 4:
      return ` ${device.serialNumber} ,,${hash},${TAG}`;
    case 5:
      return 'R9-ZNP67,,,Sample';
    case 6:
      return random() < 0.5 ? '' : ',,,';
    case 7:
      return `${device.serialNumber},,${hash.replace(/\+/g, '-')},Ünïcode`;
    case 8:
      return `${device.serialNumber},,${hash}`;
    default:
      return `${device.serialNumber},${device.productKeyId ?? ''},${hash},${TAG}`;
  }
}

function randomFile(random: Random): string {
  const lineEnding = pick(random, ['\r\n', '\n', '\r\n', '\r']);
  const rows = Array.from({ length: 2 + Math.floor(random() * 9) }, () => randomRow(random));
  const header = random() < 0.9 ? INTUNE_TAG_HEADER : PARTNER_HEADER;
  return [header, ...rows].join(lineEnding) + (random() < 0.8 ? lineEnding : '');
}

/** Short pieces people type or paste, including the characters that change how rows are read. */
const SNIPPETS = ['a', 'Z', '0', ',', ',,', '"', '""', '\n', '\r\n', '\r', ' ', 'é', '\u00a0', '\t', ';', 'Sample', TAG, 'T0Fz', '=', '-'];

/** Offsets of the line-break characters: where rows join, split, or change how they end. */
function lineBreaks(text: string): number[] {
  const breaks: number[] = [];
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code === 10 || code === 13) breaks.push(index);
  }
  return breaks;
}

function randomEdit(random: Random, text: string): TextEdit {
  const kind = random();
  const at = Math.floor(random() * (text.length + 1));
  const breaks = lineBreaks(text);
  if (kind < 0.25 && breaks.length > 0) {
    // Around a line break: before or after it, over it, or in place of it.
    const position = pick(random, breaks) + (random() < 0.5 ? 0 : 1);
    const how = random();
    if (how < 0.5) return { start: position, end: position, newText: pick(random, ['\n', '\r', '\r\n', 'x', ',', '"']) };
    if (how < 0.8) return { start: position, end: Math.min(text.length, position + 1), newText: '' };
    return { start: position, end: Math.min(text.length, position + 1), newText: pick(random, ['\n', '\r', '\r\n']) };
  }
  if (kind < 0.45) return { start: at, end: at, newText: pick(random, SNIPPETS) };
  if (kind < 0.65) {
    const end = Math.min(text.length, at + 1 + Math.floor(random() * (random() < 0.8 ? 3 : 200)));
    return { start: at, end, newText: '' };
  }
  if (kind < 0.82) {
    const end = Math.min(text.length, at + 1 + Math.floor(random() * 3));
    return { start: at, end, newText: pick(random, SNIPPETS) };
  }
  if (kind < 0.93) {
    // A whole row pasted at a line start.
    const lineStart = Math.max(text.lastIndexOf('\n', at - 1) + 1, 0);
    return { start: lineStart, end: lineStart, newText: `${randomRow(random)}\r\n` };
  }
  // A stretch of rows deleted or replaced.
  const end = Math.min(text.length, at + Math.floor(random() * 9000));
  return { start: at, end, newText: random() < 0.5 ? '' : randomRow(random) };
}

function apply(text: string, edit: TextEdit): string {
  return text.slice(0, edit.start) + edit.newText + text.slice(edit.end);
}

/** What must be identical: findings (order included), devices and the rows. */
function comparable(validation: Validation) {
  return {
    findings: validation.findings,
    rows: validation.sheet.table.rows,
    dataRows: validation.sheet.dataRows,
    format: validation.sheet.format,
    columns: validation.sheet.columns,
    devices: validation.devices.map((device) => ({ row: device.row, values: device.values, cells: device.cells, hash: device.hash })),
    cancelled: validation.cancelled,
  };
}

function assertSame(engine: IncrementalValidation, text: string, settings: Partial<Settings>, context: string): void {
  engine.step();
  assert.equal(engine.currentText, text, context);
  const expected = validate({ text, settings });
  assert.deepEqual(comparable(engine.snapshot()), comparable(expected), context);
}

describe('incremental validation equals a full validate()', () => {
  for (const [name, settings] of [
    ['default settings', {}],
    ['required tags and a severity override', { requireGroupTag: true, rules: { 'hash-no-tpm': 'off', whitespace: 'error' } }],
  ] as Array<[string, Partial<Settings>]>) {
    it(`after random edits, one at a time (${name})`, () => {
      for (let seed = 1; seed <= 40; seed++) {
        const random = seededRandom(seed * 31 + 7);
        let text = randomFile(random);
        const engine = new IncrementalValidation({ text, settings });
        assertSame(engine, text, settings, `seed ${seed}: initial`);
        for (let step = 0; step < 25; step++) {
          const edit = randomEdit(random, text);
          text = apply(text, edit);
          engine.applyEdits([edit], random() < 0.5 ? ChunkedText.of(text) : undefined);
          assertSame(
            engine,
            text,
            settings,
            `seed ${seed}, edit ${step}: ${JSON.stringify({ ...edit, newText: edit.newText.slice(0, 40) })}`,
          );
        }
      }
    });
  }

  it('on files longer than the text an edit reads at first (blocks of rows pasted, quotes closed far away)', () => {
    // An edit reads its rows from a window of 16 K characters, grown while rows go on; the text is kept in pieces
    // of 64 K. Rows here are 4 K characters: 30-60 of them span both several times.
    for (let seed = 1; seed <= 8; seed++) {
      const random = seededRandom(seed * 13 + 5);
      let text = [INTUNE_TAG_HEADER, ...Array.from({ length: 30 + Math.floor(random() * 30) }, () => randomRow(random)), ''].join('\r\n');
      const engine = new IncrementalValidation({ text }, ChunkedText.of(text));
      engine.step();
      for (let step = 0; step < 12; step++) {
        const kind = random();
        let edit: TextEdit;
        if (kind < 0.3) {
          const at = text.indexOf('\n', Math.floor(random() * text.length)) + 1;
          const block = Array.from({ length: 2 + Math.floor(random() * 25) }, () => `${randomRow(random)}\r\n`).join('');
          edit = { start: at, end: at, newText: block };
        } else if (kind < 0.45) {
          // A quote typed at the start of a cell: it stays open or a later quote closes it, rows away.
          const at = text.indexOf(',', Math.floor(random() * text.length)) + 1;
          edit = { start: at, end: at, newText: '"' };
        } else if (kind < 0.6) {
          const at = Math.floor(random() * text.length);
          edit = { start: at, end: Math.min(text.length, at + Math.floor(random() * 70_000)), newText: '' };
        } else {
          edit = randomEdit(random, text);
        }
        text = apply(text, edit);
        engine.applyEdits([edit]);
        if (random() < 0.5) engine.step(0);
        assertSame(engine, text, {}, `seed ${seed}, edit ${step}: ${JSON.stringify({ ...edit, newText: edit.newText.slice(0, 40) })}`);
      }
    }
  });

  it('with edits batched and arriving while rows are still pending', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const random = seededRandom(seed * 97 + 3);
      let text = randomFile(random);
      const engine = new IncrementalValidation({ text });
      for (let step = 0; step < 15; step++) {
        // Check a few rows only (a zero budget still checks a clock's worth), then edit again.
        if (random() < 0.5) engine.step(0);
        const batch: TextEdit[] = [];
        const count = 1 + Math.floor(random() * (random() < 0.1 ? 20 : 3));
        for (let index = 0; index < count; index++) {
          const edit = randomEdit(random, text);
          text = apply(text, edit);
          batch.push(edit);
        }
        engine.applyEdits(batch);
        if (random() < 0.3) continue;
        assertSame(engine, text, {}, `seed ${seed}, batch ${step}`);
      }
      assertSame(engine, text, {}, `seed ${seed}: final`);
    }
  });

  it('on a file whose quote is never closed, when a later edit closes it', () => {
    const rows = devices.map((device) => `${device.serialNumber},,${device.hash},${TAG}`);
    const text = [INTUNE_TAG_HEADER, `"open,,,${TAG}`, ...rows, ''].join('\n');
    const engine = new IncrementalValidation({ text });
    assertSame(engine, text, {}, 'initial');
    const at = text.lastIndexOf(TAG);
    const edit = { start: at, end: at, newText: '"' };
    engine.applyEdits([edit]);
    assertSame(engine, apply(text, edit), {}, 'closed');
  });

  it('reports a partial result while rows are pending, and the full one after', () => {
    const text = [
      INTUNE_TAG_HEADER,
      ...Array.from({ length: 200 }, (_, index) => `${devices[index % 6]?.serialNumber ?? ''},,${devices[index % 6]?.hash ?? ''},${TAG}`),
      '',
    ].join('\r\n');
    const engine = new IncrementalValidation({ text });
    engine.step(0);
    const partial = engine.snapshot();
    assert.equal(partial.cancelled, true);
    assert.ok(partial.devices.length > 0 && partial.devices.length < 200);
    assert.ok(!partial.findings.some((finding) => finding.code === 'duplicate-hash'), 'no cross-row findings yet');
    engine.step();
    assert.deepEqual(comparable(engine.snapshot()), comparable(validate({ text })));
  });

  it('keeps no substring of an edited text in what it keeps for re-checked rows', () => {
    const text = [
      INTUNE_TAG_HEADER,
      ...devices.map((device) => `${device.serialNumber},,${device.hash},microsoft365managed_autopilot`),
      '',
    ].join('\n');
    const engine = new IncrementalValidation({ text });
    engine.step();
    const at = text.indexOf('microsoft365managed_autopilot');
    engine.applyEdits([{ start: at, end: at + 1, newText: 'M' }]);
    engine.step();
    // The values and messages of the re-checked row are equal in content (the memory property is V8's, not observable here).
    assert.deepEqual(comparable(engine.snapshot()), comparable(validate({ text: engine.currentText })));
  });
});

describe("the server's document store", () => {
  it('validates like validate() while edits arrive between its slices', async () => {
    for (let seed = 1; seed <= 6; seed++) {
      const random = seededRandom(seed * 71);
      // Big enough to take several slices.
      const rows = Array.from({ length: 400 }, () => randomRow(random));
      const text = [INTUNE_TAG_HEADER, ...rows, ''].join('\r\n');
      const document = ServerTextDocuments.create(`file:///nonexistent/store-${seed}.csv`, 'autopilot-csv', 1, text);
      const store = new DocumentStore(async () => ({}));
      let running = store.current(document);
      for (let version = 2; version <= 30; version++) {
        // Let a slice or two run, then edit, as an editor would while the server works.
        for (let tick = Math.floor(random() * 3); tick > 0; tick--) await new Promise((resolve) => setImmediate(resolve));
        const edit = randomEdit(random, document.getText());
        const range = { start: document.positionAt(edit.start), end: document.positionAt(edit.end) };
        ServerTextDocuments.update(document, [{ range, text: edit.newText }], version);
        if (random() < 0.3) {
          const validation = await store.current(document);
          assert.deepEqual(comparable(validation), comparable(validate({ text: document.getText() })), `seed ${seed}, version ${version}`);
        } else if (random() < 0.5) {
          const partial = await store.provisional(document);
          assert.equal(partial.sheet.text, document.getText());
        }
      }
      await running;
      running = store.current(document);
      assert.deepEqual(comparable(await running), comparable(validate({ text: document.getText() })), `seed ${seed}: final`);
    }
  });
});

/**
 * checkRow as it was before its fast paths: every rule of the row in order, the hash decoded without a scratch
 * buffer. Returns what the two emit for each data row of the text, for comparison.
 */
function bothWays(text: string): Array<{ fast: FindingInit[]; plain: FindingInit[] }> {
  const sheet = parseSheet(text, 'utf8');
  const fastCtx = createRuleContext(sheet, resolveSettings({}));
  const plainCtx: RuleContext = { sheet, settings: fastCtx.settings, decodeHash: (hash) => decodeHardwareHash(hash) };
  return sheet.dataRows.map((row) => {
    const fast: FindingInit[] = [];
    const device = checkRow(fastCtx, row, (finding) => fast.push(finding));
    const plain: FindingInit[] = [];
    const emit = (finding: FindingInit) => plain.push(finding);
    const hashCell = sheet.format && sheet.columns.hash !== undefined ? row.cells[sheet.columns.hash] : undefined;
    const hashText = hashCell ? cellValue(text, hashCell).trim() : '';
    const realDevice = hashText !== '' && plainCtx.decodeHash(hashText).checksumVerified;
    if (isEmptyRow(sheet, row)) checkEmptyRow(plainCtx, row, emit);
    else if (isSampleRow(plainCtx, row) && !realDevice) checkSampleRow(plainCtx, { row, values: { hash: hashText }, cells: {} }, emit);
    else {
      checkCharacters(plainCtx, row, emit);
      checkQuotes(plainCtx, row, emit);
      checkFieldCount(plainCtx, row, emit);
      checkWhitespace(plainCtx, row, emit);
      if (device && sheet.format) {
        const plainDevice: DataRow = { row: device.row, values: device.values, cells: device.cells };
        const hashText = device.values.hash ?? '';
        if (hashText !== '') plainDevice.hash = plainCtx.decodeHash(hashText);
        checkIdentity(plainCtx, plainDevice, emit);
        checkSerialNumber(plainCtx, plainDevice, emit);
        checkProductId(plainCtx, plainDevice, emit);
        checkHardwareHash(plainCtx, plainDevice, emit);
        checkGroupTag(plainDevice, emit);
      }
    }
    return { fast, plain };
  });
}

describe("validate()'s fast paths", () => {
  it('emit for every row exactly what running every rule of the row does', () => {
    for (let seed = 1; seed <= 80; seed++) {
      const random = seededRandom(seed * 13 + 5);
      let text = randomFile(random);
      for (let step = 0; step < 5; step++) text = apply(text, randomEdit(random, text));
      for (const { fast, plain } of bothWays(text)) assert.deepEqual(fast, plain, `seed ${seed}`);
    }
  });

  it('decode a hash with a scratch buffer exactly as without one, and for the rules as in full', () => {
    const scratch = new HashScratch();
    const random = seededRandom(5);
    const texts = devices.flatMap((device) => [
      device.hash,
      device.hash.slice(0, 2000),
      device.hash.replace(/\+/g, '-'),
      ` ${device.hash}`,
      `${device.hash}==`,
      device.hash.replace('A', 'Ł'),
    ]);
    for (let index = 0; index < 200; index++) {
      const hash = pick(random, devices).hash;
      const at = Math.floor(random() * hash.length);
      texts.push(
        hash.slice(0, at) + pick(random, ['', 'x', '=', ' ', '\n', '*', 'é', '-', '_']) + hash.slice(at + Math.floor(random() * 3)),
      );
    }
    // Virtual machines: QEMU's CPU brand, VMware's placeholders, Hyper-V's VMBUS adapter.
    for (const virtualMachine of ['qemu', 'vmware', 'hyperv'] as const) texts.push(testDevice(9, { virtualMachine }).hash);
    texts.push('', 'AAAA', 'T0E=', 'T0', 'x'.repeat(9000));
    for (const text of texts) {
      const alone = decodeHardwareHash(text);
      assert.deepEqual(decodeHardwareHash(text, { scratch }), alone, JSON.stringify(text.slice(0, 60)));
      // What validation decodes: the same verdict and the same fields for everything the rules read.
      const { fields, ...verdict } = decodeHardwareHash(text, { scratch, detail: 'rules' });
      const { fields: allFields, ...fullVerdict } = alone;
      assert.deepEqual({ ...verdict, detail: 'full' }, fullVerdict, JSON.stringify(text.slice(0, 60)));
      const { adapters, biosVendor, cpuVendor, tpm, windowsBuild, hashToolBuild, uuid, ...ruleFields } = allFields;
      assert.deepEqual(fields, ruleFields, JSON.stringify(text.slice(0, 60)));
    }
  });
});
