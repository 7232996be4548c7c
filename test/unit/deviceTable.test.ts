// The device table's data: the rows the language server sends (autopilot/deviceTable), what changes per version,
// the fixes of chosen rows (autopilot/rowFixes), and the page's model that filters, sorts and edits them.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { seededRandom } from '../../scripts/lib/random';
import { validate } from '../../server/src/core/validate';
import type { DeviceTable, RowFixesRequest, TableOp, TableRow } from '../../server/src/protocol/extensionProtocol';
import { tableContent, tableOps } from '../../server/src/lsp/deviceTable';
import { sequenceDiff } from '../../server/src/lsp/sequenceDiff';
import { applyOps, cellEdit, invalidCellValue, TableModel, type ViewOptions } from '../../client/webview/deviceTable/tableModel';
import { INTUNE_TAG_HEADER, PARTNER_HEADER, csvFile, testDevice, type TestDevice } from './support/builders';
import { startTestClient, type TestClient } from './support/lspClient';

const AUTOPILOT = 'Microsoft365Managed_Autopilot';
const STANDARD = 'Microsoft365Managed_Standard';

const tagRow = (device: TestDevice, tag: string, serial = device.serialNumber) => [serial, '', device.hash, tag].join(',');
const devices = Array.from({ length: 40 }, (_, index) => testDevice(index));
const at = (index: number) => devices[index] as TestDevice;

/** The rows as a full answer would have them, after `ops` were applied to `rows`. */
function applied(rows: readonly TableRow[], ops: readonly TableOp[]): TableRow[] {
  const wrapped = rows.map((row, id) => ({ row, id }));
  const result = applyOps(wrapped, ops, (row, id) => ({ row, id: id ?? -1 }));
  assert.ok(result, 'the steps fit the rows');
  return result.map((entry) => entry.row);
}

function fullRows(table: DeviceTable | null): TableRow[] {
  assert.ok(table, 'a table');
  assert.equal(table.update.kind, 'full');
  return table.update.kind === 'full' ? table.update.rows : [];
}

function opsOf(table: DeviceTable | null): TableOp[] {
  assert.ok(table, 'a table');
  assert.equal(table.update.kind, 'diff', 'only what changed');
  return table.update.kind === 'diff' ? table.update.ops : [];
}

const sentRows = (ops: readonly TableOp[]) => ops.flatMap((op) => ('insert' in op ? op.insert : []));

describe('the device table from the language server', () => {
  let client: TestClient;
  let opened = 0;
  before(async () => {
    client = await startTestClient({}, { documentChanges: true });
  });
  after(async () => {
    await client.stop();
  });

  async function open(text: string, languageId?: string): Promise<string> {
    const uri = client.open(`table-${++opened}.csv`, text, languageId);
    await client.diagnostics(uri);
    return uri;
  }
  const tableOf = (uri: string, since?: number) => client.request<DeviceTable | null>('autopilot/deviceTable', { uri, since });
  async function edit(uri: string, version: number, line: number, from: number, to: number, text: string): Promise<void> {
    client.change(uri, version, [{ range: { start: { line, character: from }, end: { line, character: to } }, text }]);
    await client.diagnostics(uri, (_list, published) => published === version);
  }

  it('has one row per device: its cells and where they are, what the hash says, its problems at their cells', async () => {
    const vm = testDevice(7, { virtualMachine: 'qemu', tpm: false });
    const text = csvFile(INTUNE_TAG_HEADER, [
      tagRow(at(0), AUTOPILOT),
      '',
      tagRow(at(1), 'Microsoft365Managed_Autopilott'),
      tagRow(vm, STANDARD),
    ]);
    const uri = await open(text);
    const table = await tableOf(uri);
    const rows = fullRows(table);
    assert.equal(table?.format, 'intune');
    assert.equal(table?.formatLabel, 'Intune');
    assert.deepEqual(
      rows.map((row) => [row.line, row.values.serial, row.values.groupTag]),
      [
        [1, at(0).serialNumber, AUTOPILOT],
        [3, at(1).serialNumber, 'Microsoft365Managed_Autopilott'],
        [4, vm.serialNumber, STANDARD],
      ],
    );
    const [clean, misspelled, virtual] = rows;
    assert.deepEqual(clean?.problems, []);
    assert.deepEqual(clean?.hash, {
      readable: true,
      hasTpm: true,
      virtualMachine: [],
      manufacturer: at(0).manufacturer,
      model: at(0).model,
      serialNumber: at(0).serialNumber,
    });
    // The problem's span is the tag cell's, relative to the row's line.
    assert.deepEqual(
      misspelled?.problems.map((problem) => [problem.code, problem.span]),
      [['group-tag-misspelled', misspelled?.cells.groupTag]],
    );
    const tagStart = at(1).serialNumber.length + 2 + at(1).hash.length + 1;
    assert.deepEqual(misspelled?.cells.groupTag, [0, tagStart, 0, tagStart + 'Microsoft365Managed_Autopilott'.length]);
    assert.equal(virtual?.hash?.hasTpm, false);
    assert.ok((virtual?.hash?.virtualMachine.length ?? 0) > 0, 'the VM evidence');
    assert.deepEqual(virtual?.problems.map((problem) => problem.code).sort(), ['hash-no-tpm', 'hash-virtual-machine']);
    // The empty line is a problem of the file, not of a device.
    assert.ok(table?.fileProblems.some((problem) => problem.code === 'empty-row' && problem.span[0] === 2));
    assert.ok(table?.fileProblems.every((problem) => !rows.some((row) => row.line === problem.span[0])));
    // The hashes stay on the server.
    assert.ok(!JSON.stringify(table).includes(at(0).hash.slice(100, 200)));
  });

  it('after a cell edit, sends that one row, and the rows it sent before become the rows of a full answer', async () => {
    const text = csvFile(
      INTUNE_TAG_HEADER,
      devices.slice(0, 20).map((device) => tagRow(device, AUTOPILOT)),
    );
    const uri = await open(text);
    const first = await tableOf(uri);
    const before = fullRows(first);
    const tagStart = before[4]?.cells.groupTag?.[1] ?? -1;
    await edit(uri, 2, 5, tagStart, tagStart + AUTOPILOT.length, STANDARD);
    const second = await tableOf(uri, first?.revision);
    const ops = opsOf(second);
    assert.equal(second?.version, 2);
    assert.deepEqual(
      sentRows(ops).map((row) => [row.line, row.values.groupTag]),
      [[5, STANDARD]],
    );
    assert.deepEqual(applied(before, ops), fullRows(await tableOf(uri)));
  });

  it('after a line break above, moves the rows below by a line without sending them again', async () => {
    const text = csvFile(
      INTUNE_TAG_HEADER,
      devices.slice(0, 10).map((device) => tagRow(device, AUTOPILOT)),
    );
    const uri = await open(text);
    const first = await tableOf(uri);
    const before = fullRows(first);
    await edit(uri, 2, 3, 0, 0, '\r\n');
    const ops = opsOf(await tableOf(uri, first?.revision));
    // The new empty line is a problem of the file; no device row changed.
    assert.deepEqual(ops, [
      { keep: 2, shift: 0 },
      { keep: 8, shift: 1 },
    ]);
    assert.deepEqual(applied(before, ops), fullRows(await tableOf(uri)));
  });

  it('after deleting one of two duplicates, removes its row and sends its twin far below, whose problem is gone', async () => {
    const rows = devices.slice(0, 30).map((device) => tagRow(device, AUTOPILOT));
    rows[2] = tagRow(at(2), AUTOPILOT, at(25).serialNumber);
    const uri = await open(csvFile(INTUNE_TAG_HEADER, rows));
    const first = await tableOf(uri);
    const before = fullRows(first);
    assert.deepEqual(
      before.filter((row) => row.problems.some((problem) => problem.code === 'duplicate-serial')).map((row) => row.line),
      [26],
    );
    client.change(uri, 2, [{ range: { start: { line: 3, character: 0 }, end: { line: 4, character: 0 } }, text: '' }]);
    await client.diagnostics(uri, (_list, version) => version === 2);
    const ops = opsOf(await tableOf(uri, first?.revision));
    assert.deepEqual(
      sentRows(ops).map((row) => [row.line, row.problems.map((problem) => problem.code)]),
      [[25, []]],
    );
    assert.equal(
      ops.reduce((removed, op) => removed + ('remove' in op ? op.remove : 0), 0),
      2,
    );
    assert.deepEqual(applied(before, ops), fullRows(await tableOf(uri)));
  });

  it('answers in full when asked since a revision it no longer holds', async () => {
    const uri = await open(csvFile(INTUNE_TAG_HEADER, [tagRow(at(0), AUTOPILOT)]));
    const first = await tableOf(uri);
    await tableOf(uri);
    assert.equal((await tableOf(uri, first?.revision))?.update.kind, 'full');
  });

  it('has no table for a CSV file that is not an Autopilot file, and no rows for a header alone', async () => {
    assert.equal(await tableOf(await open('Name,Price\r\nApple,1\r\n', 'csv')), null);
    const empty = await tableOf(await open(`${INTUNE_TAG_HEADER}\r\n`));
    assert.deepEqual(fullRows(empty), []);
    assert.deepEqual(
      empty?.fileProblems.map((problem) => problem.code),
      ['no-devices'],
    );
  });

  it('fixes the chosen rows with the quick fixes fix-all would use, and leaves the other rows alone', async () => {
    const rows = [
      tagRow(at(0), ` ${AUTOPILOT}`),
      tagRow(at(1), 'Microsoft365Managed_Autopilott'),
      tagRow(at(2), ` ${STANDARD}`),
      tagRow(at(3), 'Microsoft365Managed_PowerUser-Shared'),
    ];
    const text = csvFile(INTUNE_TAG_HEADER, rows);
    const uri = await open(text);
    const result = await client.request<RowFixesRequest.Result>('autopilot/rowFixes', { uri, lines: [1, 2, 4] });
    assert.equal(result.version, 1);
    assert.equal(result.fixed, 2);
    // Power users have no shared mode: no fix can know which tag was meant.
    assert.equal(result.unfixable, 1);
    const fixed = applyLspEdits(text, result.edits);
    assert.equal(
      fixed,
      csvFile(INTUNE_TAG_HEADER, [
        tagRow(at(0), AUTOPILOT),
        tagRow(at(1), AUTOPILOT),
        tagRow(at(2), ` ${STANDARD}`),
        tagRow(at(3), 'Microsoft365Managed_PowerUser-Shared'),
      ]),
    );
  });
});

function applyLspEdits(text: string, edits: RowFixesRequest.Result['edits']): string {
  const lines = text.split('\r\n');
  const sorted = [...edits].sort((a, b) => b.range.start.line - a.range.start.line || b.range.start.character - a.range.start.character);
  for (const { range, newText } of sorted) {
    assert.equal(range.start.line, range.end.line, 'a single-line edit');
    const line = lines[range.start.line] ?? '';
    lines[range.start.line] = line.slice(0, range.start.character) + newText + line.slice(range.end.character);
  }
  return lines.join('\r\n');
}

describe('table diffs on random edits', () => {
  it('applied to the rows sent before, give exactly the rows of the new version', () => {
    const random = seededRandom(17);
    const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)] as T;
    const tags = [AUTOPILOT, STANDARD, 'Microsoft365Managed_Autopilott', '', ' Contoso'];
    for (let round = 0; round < 60; round++) {
      let lines = devices.slice(0, 25).map((device) => tagRow(device, pick(tags)));
      let version = 1;
      const contentOf = () => {
        const text = csvFile(INTUNE_TAG_HEADER, lines);
        const document = TextDocument.create('file:///random.csv', 'autopilot-csv', version, text);
        return tableContent(document, validate({ text }));
      };
      let rows = contentOf().rows;
      for (let step = 0; step < 6; step++) {
        const index = Math.floor(random() * lines.length);
        const edits: (() => void)[] = [
          () => lines.splice(index, 1),
          () => lines.splice(index, 0, lines[Math.floor(random() * lines.length)] ?? ''),
          () => lines.splice(index, 0, ''),
          () => (lines[index] = tagRow(at(index), pick(tags))),
          () => (lines[index] = tagRow(at(index), AUTOPILOT, at(Math.floor(random() * 25)).serialNumber)),
          () => (lines = [...lines.slice(index), ...lines.slice(0, index)]),
        ];
        pick(edits)();
        version++;
        const next = contentOf().rows;
        const keys = (list: readonly TableRow[]) => list.map(({ line: _line, ...rest }) => JSON.stringify(rest));
        const ops = tableOps(
          { revision: 1, keys: keys(rows), lines: rows.map((row) => row.line) },
          { revision: 2, keys: keys(next), lines: next.map((row) => row.line) },
          next,
        );
        assert.ok(ops, 'a diff within the limit');
        assert.deepEqual(applied(rows, ops), next, `round ${round}, step ${step}`);
        rows = next;
      }
    }
  });

  it('are the shortest: removing, inserting and keeping as few elements as possible', () => {
    assert.deepEqual(sequenceDiff([...'abcabba'], [...'cbabac'], 100), [
      { kind: 'remove', count: 2 },
      { kind: 'keep', count: 1 },
      { kind: 'insert', count: 1 },
      { kind: 'keep', count: 2 },
      { kind: 'remove', count: 1 },
      { kind: 'keep', count: 1 },
      { kind: 'insert', count: 1 },
    ]);
    assert.deepEqual(sequenceDiff([1, 2, 3], [1, 2, 3], 0), [{ kind: 'keep', count: 3 }]);
    assert.deepEqual(sequenceDiff([], [1, 2], 5), [{ kind: 'insert', count: 2 }]);
    // Beyond the limit, no diff: the caller sends everything.
    assert.equal(sequenceDiff([1, 2, 3, 4], [5, 6, 7, 8], 7), undefined);
    assert.ok(sequenceDiff([1, 2, 3, 4], [5, 6, 7, 8], 8));
  });
});

describe("the table page's model", () => {
  const text = csvFile(`${PARTNER_HEADER}`, [
    [at(0).serialNumber, '', at(0).hash, at(0).manufacturer, at(0).model].join(','),
    [at(1).serialNumber, '', at(1).hash, 'Contoso', at(1).model].join(','),
    ['SER-10', '', at(2).hash, at(2).manufacturer, at(2).model].join(','),
    ['SER-9', '', at(3).hash, at(3).manufacturer, at(3).model].join(','),
  ]);
  const document = TextDocument.create('file:///model.csv', 'autopilot-csv', 1, text);
  // Rows with a hash and a manufacturer are told they need no manufacturer: not what these tests look at.
  const validation = validate({ text, settings: { rules: { 'redundant-tuple': 'off' } } });
  const content = tableContent(document, validation);
  const table: DeviceTable = {
    revision: 1,
    version: 1,
    format: 'partner-center',
    formatLabel: 'Partner Center',
    columns: validation.sheet.columns,
    delimiter: ',',
    fileProblems: content.fileProblems,
    update: { kind: 'full', rows: content.rows },
  };
  const options = (changes: Partial<ViewOptions> = {}): ViewOptions => ({
    text: '',
    onlyProblems: false,
    code: '',
    sort: { column: 'line', descending: false },
    ...changes,
  });
  const model = new TableModel();
  model.apply(table);
  const serials = (view: number[]) => view.map((index) => model.rows[index]?.row.values.serial);

  it('marks a manufacturer the hash contradicts, and keeps both values', () => {
    assert.deepEqual(model.rows[0]?.manufacturer, { text: at(0).manufacturer });
    assert.deepEqual(model.rows[1]?.manufacturer, { text: 'Contoso', hashSays: at(1).manufacturer });
    assert.deepEqual(
      model.rows[1]?.row.problems.map((problem) => problem.code),
      ['tuple-mismatch'],
    );
  });

  it('filters by text, by rows with problems, and by rule code', () => {
    assert.deepEqual(serials(model.view(options({ text: 'ser-1' }))), ['SER-10']);
    assert.deepEqual(serials(model.view(options({ text: 'CONTOSO' }))), [at(1).serialNumber]);
    assert.deepEqual(serials(model.view(options({ onlyProblems: true }))), [at(1).serialNumber, 'SER-10', 'SER-9']);
    assert.deepEqual(serials(model.view(options({ code: 'tuple-mismatch' }))), [at(1).serialNumber]);
    assert.ok(model.codes().some(([code, rows]) => code === 'tuple-mismatch' && rows === 1));
  });

  it('sorts by any column, numbers in text by value, ties in file order', () => {
    const bySerial = serials(model.view(options({ sort: { column: 'serial', descending: false } })));
    assert.ok(bySerial.indexOf('SER-9') < bySerial.indexOf('SER-10'), 'SER-9 before SER-10');
    const descending = serials(model.view(options({ sort: { column: 'serial', descending: true } })));
    assert.deepEqual(descending, [...bySerial].reverse());
    const byLine = model.view(options({ sort: { column: 'line', descending: true } })).map((index) => model.rows[index]?.row.line);
    assert.deepEqual(byLine, [4, 3, 2, 1]);
  });

  it("puts the last upload's result on the row of its line, and sorts rejected devices first", () => {
    const local = new TableModel();
    local.apply(table);
    assert.equal(local.hasUploadResults, false);
    local.setUploadResults([
      { line: 3, status: 'rejected', message: '808 ZtdDeviceAssignedToOtherTenant' },
      { line: 1, status: 'registered', message: '' },
      { line: 4, status: 'tag-not-applied', message: '806 ZtdDeviceAlreadyAssigned' },
    ]);
    assert.equal(local.hasUploadResults, true);
    assert.deepEqual(
      local.rows.map((row) => row.upload?.status),
      ['registered', undefined, 'rejected', 'tag-not-applied'],
    );
    const byUpload = local.view(options({ sort: { column: 'upload', descending: true } })).map((index) => local.rows[index]?.row.line);
    assert.deepEqual(byUpload, [3, 4, 1, 2]);
  });

  it('edits a cell over its value, appends a cell a row lacks, and refuses what the file cannot hold', () => {
    const row = model.rows[2]?.row as TableRow;
    const edit = cellEdit(table, row, 'serial', 'SER-11');
    assert.deepEqual(edit, {
      line: 3,
      role: 'serial',
      target: { kind: 'replace', span: [3, 0, 3, 6] },
      oldValue: 'SER-10',
      newValue: 'SER-11',
    });
    // Partner Center files have no Group Tag column.
    assert.equal(cellEdit(table, row, 'groupTag', AUTOPILOT), undefined);
    const intune = { columns: { serial: 0, productId: 1, hash: 2, groupTag: 3 }, delimiter: ',' };
    const short: TableRow = { line: 7, values: {}, cells: {}, end: [0, 4012], cellCount: 2, problems: [] };
    assert.deepEqual(cellEdit(intune, short, 'groupTag', AUTOPILOT)?.target, { kind: 'append', at: [7, 4012], prefix: ',,' });
    assert.equal(invalidCellValue('a,b', ','), 'comma');
    assert.equal(invalidCellValue('say "hi"', ','), 'quotation-mark');
    assert.equal(invalidCellValue('two\nlines', ','), 'line-break');
    assert.equal(invalidCellValue(STANDARD, ','), undefined);
  });

  it('keeps the identity of rows a diff keeps or changes in place, so selection stays on them', () => {
    const local = new TableModel();
    local.apply(table);
    const ids = local.rows.map((row) => row.id);
    const changed: TableRow = { ...(content.rows[1] as TableRow), values: { ...content.rows[1]?.values, serial: 'NEW' } };
    const ok = local.apply({
      ...table,
      revision: 2,
      update: { kind: 'diff', base: 1, ops: [{ keep: 1, shift: 0 }, { remove: 1 }, { insert: [changed] }, { keep: 2, shift: 1 }] },
    });
    assert.ok(ok);
    assert.deepEqual(
      local.rows.map((row) => row.id),
      ids,
    );
    assert.deepEqual(
      local.rows.map((row) => row.row.line),
      [1, 2, 4, 5],
    );
    assert.equal(local.rows[1]?.row.values.serial, 'NEW');
    // A diff from another revision does not apply.
    assert.equal(local.apply({ ...table, revision: 3, update: { kind: 'diff', base: 1, ops: [] } }), false);
  });
});
