// The devices a piecewise check keeps for the cross-row rules, as numbers and strings rather than objects: a dozen
// small objects per device, alive from their row to the end of a 50,000-device file, cost the garbage collector
// more than the rules cost. The rules read the keys they compare by index, and a device's row and cells are built
// only for its findings.
import type { Cell, Row } from './csv';
import type { CrossRowRole, DeviceList, DeviceSummary } from './rules/context';

/** In the order of their fields and strings. */
const ROLES: readonly CrossRowRole[] = ['serial', 'groupTag', 'hash'];
const ROLE_INDEX: Readonly<Record<CrossRowRole, number>> = { serial: 0, groupTag: 1, hash: 2 };
/** line, lastLine, start, end, next, first cell, cell count, whether it has a hash, then each role's cell index or -1. */
const ROW_FIELDS = 8 + ROLES.length;
const CELL_FIELDS = 3;
const INITIAL_DEVICES = 8192;

export class DeviceStore implements DeviceList {
  /** Room for 8,192 devices to start with (about 2 MB): growing copies everything kept so far. */
  private rows: Float64Array = new Float64Array(INITIAL_DEVICES * ROW_FIELDS);
  private cells: Float64Array = new Float64Array(INITIAL_DEVICES * 6 * CELL_FIELDS);
  private cellCount = 0;
  private count = 0;
  /** Per device and role, its value; then its identity. */
  private readonly strings: Array<string | undefined> = [];
  /** One string object per distinct group tag (a file holds a handful). */
  private readonly tags = new Map<string, string>();

  get length(): number {
    return this.count;
  }

  /**
   * Keeps what the cross-row rules read of the device, its offsets moved by `shift`; `copy` makes its strings
   * independent of the text they were cut from.
   */
  add(device: DeviceSummary, shift: number, copy: (value: string) => string): void {
    const { row } = device;
    const cellCount = row.cells.length;
    if ((this.count + 1) * ROW_FIELDS > this.rows.length) this.rows = grown(this.rows, (this.count + 1) * ROW_FIELDS);
    if ((this.cellCount + cellCount) * CELL_FIELDS > this.cells.length)
      this.cells = grown(this.cells, (this.cellCount + cellCount) * CELL_FIELDS);
    const rows = this.rows;
    const at = this.count * ROW_FIELDS;
    rows[at] = row.line;
    rows[at + 1] = row.lastLine;
    rows[at + 2] = row.start + shift;
    rows[at + 3] = row.end + shift;
    rows[at + 4] = row.next + shift;
    rows[at + 5] = this.cellCount;
    rows[at + 6] = cellCount;
    rows[at + 7] = device.hash ? 1 : 0;
    // Named, not looked up by a computed key: this runs for every device of a file.
    const { serial: serialCell, groupTag: groupTagCell, hash: hashCell } = device.cells;
    rows[at + 8] = serialCell ? row.cells.indexOf(serialCell) : -1;
    rows[at + 9] = groupTagCell ? row.cells.indexOf(groupTagCell) : -1;
    rows[at + 10] = hashCell ? row.cells.indexOf(hashCell) : -1;
    const cells = this.cells;
    for (const cell of row.cells) {
      const cellAt = this.cellCount * CELL_FIELDS;
      cells[cellAt] = cell.start + shift;
      cells[cellAt + 1] = cell.end + shift;
      cells[cellAt + 2] = cell.quoted ? 1 : 0;
      this.cellCount++;
    }
    const { serial, groupTag, hash } = device.values;
    const identity = device.hash?.identity;
    // The cross-row rules read a hash's text only when it has no identity (duplicates by text).
    const hashText = hash === undefined || identity !== undefined ? undefined : copy(hash);
    this.strings.push(
      serial === undefined ? undefined : copy(serial),
      groupTag === undefined ? undefined : this.tag(groupTag, copy),
      hashText,
      identity,
    );
    this.count++;
  }

  value(index: number, role: CrossRowRole): string | undefined {
    return this.strings[index * 4 + ROLE_INDEX[role]];
  }

  hasCell(index: number, role: CrossRowRole): boolean {
    return this.field(index, 8 + ROLE_INDEX[role]) >= 0;
  }

  identity(index: number): string | undefined {
    return this.strings[index * 4 + 3];
  }

  summary(index: number): DeviceSummary {
    const cells: Cell[] = [];
    const first = this.field(index, 5);
    for (let cell = first; cell < first + this.field(index, 6); cell++) {
      const at = cell * CELL_FIELDS;
      cells.push({ start: this.cells[at] ?? 0, end: this.cells[at + 1] ?? 0, quoted: this.cells[at + 2] === 1 });
    }
    const row: Row = {
      line: this.field(index, 0),
      lastLine: this.field(index, 1),
      start: this.field(index, 2),
      end: this.field(index, 3),
      next: this.field(index, 4),
      cells,
    };
    const device: DeviceSummary = { row, values: {}, cells: {} };
    for (const role of ROLES) {
      const cell = cells[this.field(index, 8 + ROLE_INDEX[role])];
      if (cell) device.cells[role] = cell;
      const value = this.value(index, role);
      if (value !== undefined) device.values[role] = value;
    }
    if (this.field(index, 7) === 1) {
      const identity = this.identity(index);
      device.hash = identity === undefined ? {} : { identity };
    }
    return device;
  }

  private field(index: number, offset: number): number {
    return this.rows[index * ROW_FIELDS + offset] ?? 0;
  }

  private tag(value: string, copy: (value: string) => string): string {
    let known = this.tags.get(value);
    if (known === undefined) {
      known = copy(value);
      this.tags.set(known, known);
    }
    return known;
  }
}

/** A copy of the array with room for at least `length` numbers (twice the size, or more). */
function grown(array: Float64Array, length: number): Float64Array {
  const copy = new Float64Array(Math.max(length, array.length * 2));
  copy.set(array);
  return copy;
}
