// The device table's data: a document's devices as rows (cell values, where each cell is, the decoded hash, the
// row's problems), from the validation the server already holds, and what changed since the last answer.
//
// The table follows every edit: the first answer holds all rows (about 2 MB for 5,000 devices), later ones only the
// rows whose content changed, plus line shifts for the rows an edit moved. Positions inside a row are relative to
// the row's line, so a row an edit only moved keeps its content and costs a number, not a row.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Cell } from '../core/csv';
import { FORMATS, type ColumnRole } from '../core/formats';
import type { DataRow } from '../core/rules/context';
import { sheetValueSpan } from '../core/sheet';
import type { Finding } from '../core/types';
import type { Validation } from '../core/validate';
import type { DeviceTable, FileSpan, HashSummary, RowSpan, TableOp, TableProblem, TableRow } from '../protocol/extensionProtocol';
import { sequenceDiff } from './sequenceDiff';

/** Beyond this many rows removed plus inserted, all rows are sent again: cheaper than finding a longer diff. */
const MAX_DIFF_EDITS = 1000;

export interface TableContent {
  rows: TableRow[];
  fileProblems: DeviceTable['fileProblems'];
}

/** The rows of a validated document: one per device, in file order, with the findings that lie in it. */
export function tableContent(document: TextDocument, validation: Validation): TableContent {
  const { devices, findings } = validation;
  const rows: TableRow[] = [];
  const fileProblems: DeviceTable['fileProblems'] = [];
  let next = 0;
  for (const device of devices) {
    const { row } = device;
    // Findings are sorted by start: those before this row lie in no device row (header, empty and sample rows).
    while (next < findings.length && (findings[next] as Finding).start < row.start) {
      fileProblems.push(fileProblem(document, findings[next] as Finding));
      next++;
    }
    const problems: TableProblem[] = [];
    while (next < findings.length && (findings[next] as Finding).start < row.next) {
      const finding = findings[next] as Finding;
      problems.push({
        code: finding.code,
        severity: finding.severity,
        message: finding.message,
        span: rowSpan(document, row.line, finding),
      });
      next++;
    }
    rows.push(tableRow(document, validation, device, problems));
  }
  for (; next < findings.length; next++) fileProblems.push(fileProblem(document, findings[next] as Finding));
  return { rows, fileProblems };
}

function tableRow(document: TextDocument, validation: Validation, device: DataRow, problems: TableProblem[]): TableRow {
  const { row } = device;
  const values: TableRow['values'] = {};
  const cells: TableRow['cells'] = {};
  for (const role of Object.keys(device.cells) as ColumnRole[]) {
    const cell = device.cells[role] as Cell;
    // Through the sheet's pieces: the whole text of a large file is not joined for the table after every edit.
    cells[role] = rowSpan(document, row.line, sheetValueSpan(validation.sheet, cell));
    // The hash's 4,000 characters stay on the server: its summary says what the table shows of it.
    if (role !== 'hash') values[role] = device.values[role] ?? '';
  }
  const end = document.positionAt(row.end);
  const result: TableRow = {
    line: row.line,
    values,
    cells,
    end: [end.line - row.line, end.character],
    cellCount: row.cells.length,
    problems,
  };
  if (device.hash) result.hash = hashSummary(device);
  return result;
}

function hashSummary(device: DataRow): HashSummary {
  const hash = device.hash;
  const fields = hash?.fields;
  const summary: HashSummary = {
    readable: hash?.checksumVerified ?? false,
    hasTpm: fields?.hasTpm ?? false,
    virtualMachine: hash?.virtualMachineSignals ?? [],
  };
  if (fields?.manufacturer !== undefined) summary.manufacturer = fields.manufacturer;
  if (fields?.model !== undefined) summary.model = fields.model;
  if (fields?.serialNumber !== undefined) summary.serialNumber = fields.serialNumber;
  return summary;
}

function rowSpan(document: TextDocument, line: number, range: { start: number; end: number }): RowSpan {
  const start = document.positionAt(range.start);
  const end = document.positionAt(range.end);
  return [start.line - line, start.character, end.line - line, end.character];
}

function fileProblem(document: TextDocument, finding: Finding): DeviceTable['fileProblems'][number] {
  const span: FileSpan = rowSpan(document, 0, finding);
  return { code: finding.code, severity: finding.severity, message: finding.message, span };
}

interface Sent {
  revision: number;
  /** Each row's content without its line: equal keys, equal rows wherever they moved. */
  keys: string[];
  lines: number[];
}

/**
 * What the server last sent for each document, so the next answer can be a diff. Owned by the server (one per
 * connection); forgotten when a document closes.
 */
export class DeviceTables {
  private readonly sent = new Map<string, Sent>();
  private revisions = 0;

  answer(document: TextDocument, validation: Validation, since: number | undefined): DeviceTable {
    const { rows, fileProblems } = tableContent(document, validation);
    const keys = rows.map(rowKey);
    const lines = rows.map((row) => row.line);
    const previous = this.sent.get(document.uri);
    const revision = ++this.revisions;
    this.sent.set(document.uri, { revision, keys, lines });
    const { sheet } = validation;
    const table: DeviceTable = {
      revision,
      version: document.version,
      format: sheet.format ?? null,
      formatLabel: sheet.format ? FORMATS[sheet.format].label : 'Unknown',
      columns: sheet.columns,
      delimiter: sheet.delimiter,
      fileProblems,
      update: { kind: 'full', rows },
    };
    if (previous && since === previous.revision) {
      const ops = tableOps(previous, { revision, keys, lines }, rows);
      if (ops) table.update = { kind: 'diff', base: since, ops };
    }
    return table;
  }

  forget(uri: string): void {
    this.sent.delete(uri);
  }
}

function rowKey(row: TableRow): string {
  const { line: _line, ...content } = row;
  return JSON.stringify(content);
}

/** The steps from the rows sent before to `rows`; undefined when they differ too much to be worth a diff. */
export function tableOps(before: Sent, after: Sent, rows: readonly TableRow[]): TableOp[] | undefined {
  const runs = sequenceDiff(before.keys, after.keys, MAX_DIFF_EDITS);
  if (!runs) return undefined;
  const ops: TableOp[] = [];
  let oldIndex = 0;
  let newIndex = 0;
  for (const run of runs) {
    if (run.kind === 'remove') {
      ops.push({ remove: run.count });
      oldIndex += run.count;
    } else if (run.kind === 'insert') {
      ops.push({ insert: rows.slice(newIndex, newIndex + run.count) });
      newIndex += run.count;
    } else {
      // Kept rows that an edit moved by different amounts (a line break added between them) are kept in pieces.
      for (let index = 0; index < run.count; index++) {
        const shift = (after.lines[newIndex] as number) - (before.lines[oldIndex] as number);
        const last = ops[ops.length - 1];
        if (last && 'keep' in last && last.shift === shift) last.keep++;
        else ops.push({ keep: 1, shift });
        oldIndex++;
        newIndex++;
      }
    }
  }
  return ops;
}
