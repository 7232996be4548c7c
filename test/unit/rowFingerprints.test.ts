// Upload results follow their rows through edits: the client's line-by-line fingerprints agree with the ones the
// upload computed from the server's rows, move when lines are inserted or deleted, and change when a cell does.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { RowFingerprints, type LineSource } from '../../server/src/core/rowFingerprints';
import { deviceRecords, intuneRowFingerprint, partnerCenterPart, rowFingerprint } from '../../server/src/core/devices';
import { validate } from '../../server/src/core/validate';
import { syntheticRows } from '../doubles/uploadRows';

/** A document as lines, edited the way VS Code reports edits. */
class Lines implements LineSource {
  constructor(public lines: string[]) {}
  get lineCount(): number {
    return this.lines.length;
  }
  lineText(line: number): string {
    return this.lines[line] ?? '';
  }
  /** Replaces lines start..end (inclusive) and returns the change as VS Code reports it. */
  replace(start: number, end: number, newLines: string[]): { startLine: number; endLine: number; text: string } {
    this.lines = [...this.lines.slice(0, start), ...newLines, ...this.lines.slice(end + 1)];
    return { startLine: start, endLine: end, text: newLines.join('\n') };
  }
}

const HEADER = 'Device Serial Number,Windows Product ID,Hardware Hash,Group Tag';

function file(count: number, seed: number): Lines {
  const rows = syntheticRows(count, { seed, groupTag: 'Sales' });
  return new Lines([HEADER, ...rows.map((row) => `${row.serialNumber},,${row.hardwareHash},${row.groupTag}`), '']);
}

describe('row fingerprints', () => {
  it("are the upload's fingerprints of the rows the validation reads", () => {
    const lines = file(4, 301);
    const text = lines.lines.join('\r\n');
    const records = deviceRecords(validate({ text, encoding: 'utf8' }));
    const rows = new RowFingerprints(lines);
    assert.equal(records.length, 4);
    assert.deepEqual(
      [...rows.entries()],
      records.map((record) => [record.line, intuneRowFingerprint(record)]),
    );
    assert.deepEqual(
      [...rows.entries()].map(([, fingerprint]) => partnerCenterPart(fingerprint)),
      records.map((record) => rowFingerprint(record)),
    );
  });

  it("follow the Assigned User for an Intune import's results, and not for Partner Center's", () => {
    const [, row = ''] = file(1, 306).lines;
    const lines = new Lines([`${HEADER},Assigned User`, `${row},ana@contoso.example`]);
    const rows = new RowFingerprints(lines);
    const before = rows.at(1) ?? '';
    rows.applyChanges([lines.replace(1, 1, [lines.lineText(1).replace(/ana@/, 'ben@')])]);
    const after = rows.at(1) ?? '';
    assert.notEqual(after, before, 'the Intune import sent the user');
    assert.equal(partnerCenterPart(after), partnerCenterPart(before), 'Partner Center was not sent the user');
  });

  it('move with their row when lines are inserted or deleted above it, and vanish with a deleted row', () => {
    const lines = file(3, 302);
    const rows = new RowFingerprints(lines);
    const [first, second, third] = [rows.at(1), rows.at(2), rows.at(3)];
    rows.applyChanges([lines.replace(1, 1, ['', '', lines.lineText(1)])]);
    assert.deepEqual([rows.at(3), rows.at(4), rows.at(5)], [first, second, third]);
    assert.equal(rows.at(1), undefined);
    rows.applyChanges([lines.replace(4, 5, [''])]);
    assert.deepEqual(
      [...rows.entries()].map(([, fingerprint]) => fingerprint),
      [first],
    );
  });

  it('change when a cell the upload sent is edited, and come back when the edit is undone', () => {
    const lines = file(2, 303);
    const rows = new RowFingerprints(lines);
    const before = rows.at(2);
    const original = lines.lineText(2);
    rows.applyChanges([lines.replace(2, 2, [original.replace(/,Sales$/, ',Kiosk')])]);
    assert.ok(rows.at(2) && rows.at(2) !== before, 'a new tag is a new row');
    rows.applyChanges([lines.replace(2, 2, [original])]);
    assert.equal(rows.at(2), before);
  });

  it('read every row again when the header changes (its columns may have moved)', () => {
    const lines = file(2, 304);
    const rows = new RowFingerprints(lines);
    rows.applyChanges([lines.replace(0, 0, ['Name,Comment'])]);
    assert.deepEqual([...rows.entries()], [], 'not an Autopilot header: no device rows');
    rows.applyChanges([lines.replace(0, 0, [HEADER])]);
    assert.equal([...rows.entries()].length, 2);
  });

  it('take a paste of 200,000 lines without a call stack overflow', () => {
    const lines = file(2, 305);
    const rows = new RowFingerprints(lines);
    const pasted = new Array<string>(200_000).fill(',,,');
    rows.applyChanges([lines.replace(1, 1, [...pasted, lines.lineText(1)])]);
    assert.equal([...rows.entries()].length, 2);
    assert.equal(rows.at(200_001) !== undefined, true);
  });
});
