// Where the cursor is among the server's device rows: which hash cells show in full (the cursor's), and what the
// status bar says ("Group Tag · device 3 of 500").
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import '../doubles/registerFakeVscode';
import { cursorWords } from '../../client/src/editor/cursorStatus';
import {
  cursorDescription as describeCursor,
  expandedRows,
  hashCellAt,
  sameCollapsedCells,
  type Position,
} from '../../client/src/editor/rowLookup';
import type { RowSummariesRequest } from '../../server/src/protocol/extensionProtocol';

/** Device rows on the given lines; each hash cell runs from column 12 to 4012 of its line. */
function rowsOn(...lines: number[]): RowSummariesRequest.Row[] {
  return lines.map((line) => ({ line, hash: { start: 12, end: 4012, summary: 0 } }));
}

const at = (line: number, character: number) => ({ line, character });
/** The status bar's text, in the words the extension gives it (English here: the fake VS Code has no language pack). */
const cursorDescription = (result: RowSummariesRequest.Result, position: Position, lineText: string) =>
  describeCursor(result, position, lineText, cursorWords());
const caret = (line: number, character: number) => ({ anchor: at(line, character), active: at(line, character) });

describe('hash cells under the cursor', () => {
  const rows = rowsOn(1, 2, 4, 5);

  it('finds the cell a position is in, both ends included', () => {
    assert.equal(hashCellAt(rows, at(2, 12)), 1);
    assert.equal(hashCellAt(rows, at(2, 4012)), 1, 'a click on a label puts the caret at the cell end');
    assert.equal(hashCellAt(rows, at(2, 11)), -1, 'the serial before it');
    assert.equal(hashCellAt(rows, at(2, 4013)), -1, 'the tag after it');
    assert.equal(hashCellAt(rows, at(3, 100)), -1, 'a line without a device');
    assert.equal(hashCellAt(rows, at(0, 100)), -1, 'the header');
    assert.equal(hashCellAt(rows, at(5, 2000)), 3);
  });

  it('shows in full the cells a cursor or a selection end is in, and no other', () => {
    assert.deepEqual([...expandedRows(rows, [caret(4, 300)])], [2]);
    assert.deepEqual([...expandedRows(rows, [caret(1, 0)])], [], 'a caret on the serial expands nothing');
    // Several cursors, and a selection from one hash into the next row's.
    const expanded = expandedRows(rows, [caret(1, 20), { anchor: at(4, 30), active: at(5, 30) }]);
    assert.deepEqual([...expanded].sort(), [0, 2, 3]);
  });

  it('keeps cells collapsed under a selection that runs over them whole (Ctrl+A)', () => {
    assert.deepEqual([...expandedRows(rows, [{ anchor: at(0, 0), active: at(6, 0) }])], []);
  });

  it('follows a cell that spans lines (a quoted value with a line break)', () => {
    // The row starts on line 1 with a serial quoted over two lines; its hash sits on line 2, characters 5 to 4005.
    const spanning: RowSummariesRequest.Row[] = [
      { line: 1, hash: { start: 5, end: 4005, startLine: 2, endLine: 2, summary: 0 } },
      ...rowsOn(3),
    ];
    assert.equal(hashCellAt(spanning, at(2, 5)), 0);
    assert.equal(hashCellAt(spanning, at(1, 5)), -1, 'the quoted serial');
    assert.equal(hashCellAt(spanning, at(2, 4006)), -1);
    assert.equal(hashCellAt(spanning, at(3, 12)), 1);
  });

  it('shows the cell of the line the user expanded', () => {
    assert.deepEqual([...expandedRows(rows, [caret(4, 0)], 4)], [2]);
    assert.deepEqual([...expandedRows(rows, [caret(4, 0)], 3)], [], 'line 3 holds no device');
  });
});

describe('collapsed cells after a keystroke', () => {
  const summary = (label: string, verdict: 'intact' | 'damaged' = 'intact') => ({ verdict, status: '', device: '', length: 4000, label });
  const result = (rows: RowSummariesRequest.Row[], labels = ['⟨HP EliteBook 840 G8 ✓ 4000⟩']): RowSummariesRequest.Result => ({
    version: 1,
    format: 'intune',
    delimiter: ',',
    columns: [],
    summaries: labels.map((label) => summary(label)),
    rows,
  });
  const before = result(rowsOn(1, 2, 4));

  it('keeps the decorations VS Code moved: a character typed in a tag or in the serial before the hash', () => {
    assert.ok(sameCollapsedCells(before, result(rowsOn(1, 2, 4))), 'typed in a tag');
    const shifted = rowsOn(1, 2, 4).map((row) =>
      row.line === 2 && row.hash ? { ...row, hash: { ...row.hash, start: 13, end: 4013 } } : row,
    );
    assert.ok(sameCollapsedCells(before, result(shifted)), 'typed in the serial: the cell moved one character right');
  });

  it('sets them again when a cell changed length or label, or rows changed', () => {
    const longer = rowsOn(1, 2, 4).map((row) => (row.line === 2 && row.hash ? { ...row, hash: { ...row.hash, end: 4013 } } : row));
    assert.equal(sameCollapsedCells(before, result(longer)), false, 'a character typed in a hash');
    const relabelled = result(rowsOn(1, 2, 4), ['⟨HP EliteBook 840 G8 ✗ checksum⟩']);
    assert.equal(sameCollapsedCells(before, relabelled), false, 'the hash verdict changed');
    assert.equal(sameCollapsedCells(before, result(rowsOn(1, 2))), false, 'a device left');
    assert.equal(sameCollapsedCells(before, result(rowsOn(1, 3, 4))), false, 'a device moved to another line');
    const emptied = rowsOn(1, 2, 4).map((row) => (row.line === 4 ? { line: 4 } : row));
    assert.equal(sameCollapsedCells(before, result(emptied)), false, 'a hash cell emptied');
  });
});

describe('the status bar text', () => {
  const result: RowSummariesRequest.Result = {
    version: 3,
    format: 'intune',
    delimiter: ',',
    columns: ['Device Serial Number', 'Windows Product ID', 'Hardware Hash', 'Group Tag'],
    summaries: [{ verdict: 'intact', status: '', device: 'HP EliteBook 840 G8', length: 4000, label: '⟨HP EliteBook 840 G8 ✓ 4000⟩' }],
    rows: rowsOn(1, 2, 4),
  };
  const line = 'PF5NRH33,,T0GHBAEAHAAAAAoA,Microsoft365Managed_Standard';

  it('names the column and the device under the cursor', () => {
    assert.equal(cursorDescription(result, at(4, line.indexOf('Microsoft365')), line), 'Group Tag · device 3 of 3');
    assert.equal(cursorDescription(result, at(1, 0), line), 'Device Serial Number · device 1 of 3');
    // Right after a comma is the next cell; right before it, the cell it ends.
    assert.equal(cursorDescription(result, at(2, 9), line), 'Windows Product ID · device 2 of 3');
    assert.equal(cursorDescription(result, at(2, 8), line), 'Device Serial Number · device 2 of 3');
    assert.equal(cursorDescription(result, at(2, 12), line), 'Hardware Hash · device 2 of 3');
  });

  it('says the header, a line that is no device, and an empty line as such', () => {
    assert.equal(
      cursorDescription(result, at(0, 3), 'Device Serial Number,Windows Product ID,Hardware Hash,Group Tag'),
      'Device Serial Number · header',
    );
    assert.equal(cursorDescription(result, at(3, 0), 'R9-ZNP67,,,'), 'Device Serial Number · not a device');
    assert.equal(cursorDescription(result, at(5, 0), ''), 'Empty line');
  });

  it('numbers a column the header does not have', () => {
    assert.equal(cursorDescription(result, at(1, 58), `${line},extra`), 'Column 5 · device 1 of 3');
  });

  it('reads the cells with the file’s separator', () => {
    const semicolons = { ...result, delimiter: ';' };
    assert.equal(cursorDescription(semicolons, at(1, 12), 'PF5NRH33;;T0GH;Tag'), 'Hardware Hash · device 1 of 3');
  });
});
