// The device table's model in the page: the rows as the server sent them, kept up to date by its diffs, what each
// column shows, and the filtered, sorted view. Pure (no DOM), so the unit tests run it as the page does.
import type { DeviceTable, TableOp, TableProblem, TableRow } from '../../../server/src/protocol/extensionProtocol';
import type { CellEdit, EditableRole, EditTarget, RowUploadResult } from './tableMessages';

export type ColumnId =
  'line' | 'serial' | 'productId' | 'manufacturer' | 'model' | 'tpm' | 'vm' | 'groupTag' | 'assignedUser' | 'problems' | 'upload';

export interface Column {
  id: ColumnId;
  /** Width in pixels. */
  width: number;
  /** The cell a click reveals, and an edit replaces. */
  role?: 'serial' | 'productId' | 'manufacturer' | 'model' | 'hash' | 'groupTag' | 'assignedUser';
  editable?: EditableRole;
  numeric?: boolean;
}

/**
 * What one triages first comes first: which device (line, serial number), what is wrong with it, what the upload
 * said, and its group tag; a table 1,000 pixels wide (the editor beside the Explorer at 1400 x 900, or half of a
 * split) shows them without scrolling sideways. The device's identity from the hash follows.
 */
export const COLUMNS: readonly Column[] = [
  { id: 'line', width: 56, numeric: true },
  { id: 'serial', width: 150, role: 'serial', editable: 'serial' },
  { id: 'problems', width: 100 },
  { id: 'upload', width: 150 },
  { id: 'groupTag', width: 230, role: 'groupTag', editable: 'groupTag' },
  { id: 'productId', width: 130, role: 'productId', editable: 'productId' },
  { id: 'manufacturer', width: 150, role: 'manufacturer' },
  { id: 'model', width: 190, role: 'model' },
  { id: 'tpm', width: 56, role: 'hash' },
  { id: 'vm', width: 56, role: 'hash' },
  { id: 'assignedUser', width: 180, role: 'assignedUser' },
];

type Severity = TableProblem['severity'];

const SEVERITY_RANK: Record<Severity, number> = { error: 4, warning: 3, info: 2, hint: 1 };
/** Worst first when sorted descending: what needs doing before what is done. */
const UPLOAD_RANK: Record<RowUploadResult['status'], number> = {
  rejected: 7,
  'not-sent': 6,
  unknown: 5,
  'tag-not-applied': 4,
  pending: 3,
  'already-registered': 2,
  registered: 1,
};

export type HashFlag = 'yes' | 'no' | '?' | '';

/** A value read from the hash that the row's cell contradicts: shown with a mark and both values on hover. */
export interface Shown {
  text: string;
  /** The hash says something else than the cell (`text` is the cell's value). */
  hashSays?: string;
}

export interface ModelRow {
  /** Stable while the row stays in the table (its line may change): selection and focus follow it. */
  id: number;
  row: TableRow;
  manufacturer: Shown;
  model: Shown;
  /** Whether the hash names a TPM (a virtual machine): '' without a hash, '?' when it could not be read. */
  tpm: HashFlag;
  vm: HashFlag;
  /** The worst severity among the row's problems. */
  worst?: Severity;
  /** Lower-case text the filter searches. */
  search: string;
  upload?: RowUploadResult;
}

export interface ViewOptions {
  text: string;
  onlyProblems: boolean;
  /** Only rows with a problem of this rule code ('' for all). */
  code: string;
  sort: { column: ColumnId; descending: boolean };
}

export class TableModel {
  rows: ModelRow[] = [];
  table: Omit<DeviceTable, 'update'> | undefined;
  private nextId = 1;
  private uploads = new Map<number, RowUploadResult>();
  private readonly collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

  get revision(): number | undefined {
    return this.table?.revision;
  }

  /** Takes a server answer: all rows, or the changes since the revision held (false when it holds another one). */
  apply(table: DeviceTable): boolean {
    const { update, ...rest } = table;
    if (update.kind === 'full') {
      this.rows = update.rows.map((row) => this.modelRow(row, this.nextId++));
    } else {
      if (update.base !== this.table?.revision) return false;
      const rows = applyOps(this.rows, update.ops, (row, id) => this.modelRow(row, id ?? this.nextId++));
      if (!rows) return false;
      this.rows = rows;
    }
    this.table = rest;
    return true;
  }

  setUploadResults(results: readonly RowUploadResult[]): void {
    this.uploads = new Map(results.map((result) => [result.line, result]));
    for (const row of this.rows) row.upload = this.uploads.get(row.row.line);
  }

  get hasUploadResults(): boolean {
    return this.uploads.size > 0;
  }

  /** The rule codes of the rows' problems, with how many rows have each, by code. */
  codes(): [string, number][] {
    const counts = new Map<string, number>();
    for (const { row } of this.rows) {
      for (const code of new Set(row.problems.map((problem) => problem.code))) counts.set(code, (counts.get(code) ?? 0) + 1);
    }
    return [...counts].sort((a, b) => a[0].localeCompare(b[0]));
  }

  /** Indexes into `rows` of the rows the options show, in their order. */
  view(options: ViewOptions): number[] {
    const needle = options.text.trim().toLowerCase();
    const shown: number[] = [];
    this.rows.forEach((model, index) => {
      if (options.onlyProblems && model.row.problems.length === 0) return;
      if (options.code && !model.row.problems.some((problem) => problem.code === options.code)) return;
      if (needle && !model.search.includes(needle)) return;
      shown.push(index);
    });
    const key = sortKey(options.sort.column);
    const direction = options.sort.descending ? -1 : 1;
    const rows = this.rows;
    const compare = (a: number, b: number): number => {
      const left = key(rows[a] as ModelRow);
      const right = key(rows[b] as ModelRow);
      const order =
        typeof left === 'number' && typeof right === 'number' ? left - right : this.collator.compare(String(left), String(right));
      // Ties keep file order whichever the direction.
      return order * direction || (rows[a] as ModelRow).row.line - (rows[b] as ModelRow).row.line;
    };
    return shown.sort(compare);
  }

  private modelRow(row: TableRow, id: number): ModelRow {
    const { values, hash, problems } = row;
    const manufacturer = shownValue(values.manufacturer, hash?.manufacturer);
    const model = shownValue(values.model, hash?.model);
    const tpm: HashFlag = !hash ? '' : !hash.readable ? '?' : hash.hasTpm ? 'yes' : 'no';
    const vm: HashFlag = !hash ? '' : hash.virtualMachine.length > 0 ? 'yes' : !hash.readable ? '?' : 'no';
    let worst: Severity | undefined;
    for (const problem of problems) if (!worst || SEVERITY_RANK[problem.severity] > SEVERITY_RANK[worst]) worst = problem.severity;
    const search = [
      String(row.line + 1),
      values.serial,
      values.productId,
      manufacturer.text,
      manufacturer.hashSays,
      model.text,
      model.hashSays,
      values.groupTag,
      values.assignedUser,
      ...problems.flatMap((problem) => [problem.code, problem.message]),
    ]
      .filter((part) => part)
      .join('\n')
      .toLowerCase();
    const result: ModelRow = { id, row, manufacturer, model, tpm, vm, search };
    if (worst) result.worst = worst;
    const upload = this.uploads.get(row.line);
    if (upload) result.upload = upload;
    return result;
  }
}

function shownValue(cell: string | undefined, fromHash: string | undefined): Shown {
  if (cell === undefined || cell === '') return { text: fromHash ?? cell ?? '' };
  if (fromHash !== undefined && fromHash.trim().toLowerCase() !== cell.toLowerCase()) return { text: cell, hashSays: fromHash };
  return { text: cell };
}

function sortKey(column: ColumnId): (row: ModelRow) => string | number {
  switch (column) {
    case 'line':
      return (row) => row.row.line;
    case 'manufacturer':
      return (row) => row.manufacturer.text;
    case 'model':
      return (row) => row.model.text;
    case 'tpm':
      return (row) => row.tpm;
    case 'vm':
      return (row) => row.vm;
    case 'problems':
      // Worst first when descending: severity, then how many.
      return (row) => (row.worst ? SEVERITY_RANK[row.worst] * 10_000 : 0) + row.row.problems.length;
    case 'upload':
      // Rejected first when descending, like problems.
      return (row) => (row.upload ? UPLOAD_RANK[row.upload.status] : 0);
    default:
      return (row) => row.row.values[column] ?? '';
  }
}

/**
 * The rows after a diff's steps; undefined when the steps do not fit the rows. A row removed and another inserted
 * in its place is the same row changed: it keeps its id, so selection and focus stay on it.
 */
export function applyOps<R extends { row: TableRow }>(
  rows: readonly R[],
  ops: readonly TableOp[],
  make: (row: TableRow, id: number | undefined) => R,
  idOf: (row: R) => number = (row) => (row as unknown as { id: number }).id,
): R[] | undefined {
  const result: R[] = [];
  let cursor = 0;
  let replaced: number[] = [];
  for (const op of ops) {
    if ('keep' in op) {
      if (cursor + op.keep > rows.length) return undefined;
      for (let index = 0; index < op.keep; index++) {
        const kept = rows[cursor++] as R;
        result.push(op.shift === 0 ? kept : make({ ...kept.row, line: kept.row.line + op.shift }, idOf(kept)));
      }
      replaced = [];
    } else if ('remove' in op) {
      if (cursor + op.remove > rows.length) return undefined;
      for (let index = 0; index < op.remove; index++) replaced.push(idOf(rows[cursor++] as R));
    } else {
      for (const row of op.insert) result.push(make(row, replaced.shift()));
    }
  }
  return cursor === rows.length ? result : undefined;
}

/** Where a new value of `role` goes in the row: over its cell, or appended when the row lacks the cell. */
export function editTarget(table: Pick<DeviceTable, 'columns' | 'delimiter'>, row: TableRow, role: EditableRole): EditTarget | undefined {
  const span = row.cells[role];
  if (span) return { kind: 'replace', span: [row.line + span[0], span[1], row.line + span[2], span[3]] };
  const column = table.columns[role];
  if (column === undefined) return undefined;
  return { kind: 'append', at: [row.line + row.end[0], row.end[1]], prefix: table.delimiter.repeat(column - row.cellCount + 1) };
}

/** Why a value cannot go into a cell (Autopilot CSV has no quoting); the page and the extension say it in words. */
export type CellValueProblem = 'comma' | 'quotation-mark' | 'line-break';

/** Why a value cannot go into a cell, or undefined when it can. */
export function invalidCellValue(value: string, delimiter: string): CellValueProblem | undefined {
  if (value.includes(delimiter) || value.includes(',')) return 'comma';
  if (value.includes('"')) return 'quotation-mark';
  if (/[\r\n]/.test(value)) return 'line-break';
  return undefined;
}

/** The edit of one cell of a row, or undefined when the file has no such column. */
export function cellEdit(
  table: Pick<DeviceTable, 'columns' | 'delimiter'>,
  row: TableRow,
  role: EditableRole,
  newValue: string,
): CellEdit | undefined {
  const target = editTarget(table, row, role);
  if (!target) return undefined;
  return { line: row.line, role, target, oldValue: row.values[role] ?? '', newValue };
}
