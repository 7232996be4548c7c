// The devices a piecewise check keeps for the cross-row rules, as numbers and strings rather than objects: a dozen
// small objects per device, alive from their row to the end of a 50,000-device file, cost the garbage collector
// more than the rules cost. The rules read the keys they compare by index, and a device's row and cells are built
// only for its findings.
import type { Cell, Row } from './csv';
import type { CrossRowRole, DeviceList, DeviceSummary } from './rules/context';

/** In the order of their fields and strings. */
const ROLES: readonly CrossRowRole[] = ['serial', 'groupTag', 'hash'];
const ROLE_INDEX: Readonly<Record<CrossRowRole, number>> = { serial: 0, groupTag: 1, hash: 2 };
/** Per device, as any number: its line and the offset of its row. */
const PLACE_FIELDS = 2;
/**
 * Per device, as 32-bit integers (a row lies in one piece of text, a string, so its lengths fit): lastLine - line,
 * end - start, next - start, its first cell, its cell count, whether it has a hash, then each role's cell index or -1.
 */
const SHAPE_FIELDS = 6 + ROLES.length;
/** Per cell, from its row's start: the start, and the end (its complement when the cell is quoted). */
const CELL_FIELDS = 2;
/** Per device: its serial, group tag, hash text and identity. */
const STRING_FIELDS = 4;
/**
 * Devices (and cells) per chunk. Storage grows a chunk at a time and is never copied: a growing array copies all
 * it holds and touches twice the memory, and fresh memory is what the check of a large file pays most for.
 */
const CHUNK_SHIFT = 11;
const CHUNK = 1 << CHUNK_SHIFT;
const IN_CHUNK = CHUNK - 1;

export class DeviceStore implements DeviceList {
  private readonly places: Float64Array[] = [];
  private readonly shapes: Int32Array[] = [];
  private readonly cells: Int32Array[] = [];
  private readonly strings: Array<Array<string | undefined>> = [];
  private cellCount = 0;
  private count = 0;
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
    const index = this.count;
    const chunk = index >> CHUNK_SHIFT;
    if ((index & IN_CHUNK) === 0) {
      this.places.push(new Float64Array(CHUNK * PLACE_FIELDS));
      this.shapes.push(new Int32Array(CHUNK * SHAPE_FIELDS));
      this.strings.push(new Array<string | undefined>(CHUNK * STRING_FIELDS));
    }
    const places = this.places[chunk] as Float64Array;
    const placeAt = (index & IN_CHUNK) * PLACE_FIELDS;
    places[placeAt] = row.line;
    places[placeAt + 1] = row.start + shift;
    const shapes = this.shapes[chunk] as Int32Array;
    const at = (index & IN_CHUNK) * SHAPE_FIELDS;
    shapes[at] = row.lastLine - row.line;
    shapes[at + 1] = row.end - row.start;
    shapes[at + 2] = row.next - row.start;
    shapes[at + 3] = this.cellCount;
    shapes[at + 4] = row.cells.length;
    shapes[at + 5] = device.hash ? 1 : 0;
    // Named, not looked up by a computed key: this runs for every device of a file.
    const { serial: serialCell, groupTag: groupTagCell, hash: hashCell } = device.cells;
    shapes[at + 6] = serialCell ? row.cells.indexOf(serialCell) : -1;
    shapes[at + 7] = groupTagCell ? row.cells.indexOf(groupTagCell) : -1;
    shapes[at + 8] = hashCell ? row.cells.indexOf(hashCell) : -1;
    for (const cell of row.cells) {
      if ((this.cellCount & IN_CHUNK) === 0) this.cells.push(new Int32Array(CHUNK * CELL_FIELDS));
      const cells = this.cells[this.cellCount >> CHUNK_SHIFT] as Int32Array;
      const cellAt = (this.cellCount & IN_CHUNK) * CELL_FIELDS;
      cells[cellAt] = cell.start - row.start;
      cells[cellAt + 1] = cell.quoted ? ~(cell.end - row.start) : cell.end - row.start;
      this.cellCount++;
    }
    const { serial, groupTag, hash } = device.values;
    const identity = device.hash?.identity;
    const strings = this.strings[chunk] as Array<string | undefined>;
    const stringAt = (index & IN_CHUNK) * STRING_FIELDS;
    strings[stringAt] = serial === undefined ? undefined : copy(serial);
    strings[stringAt + 1] = groupTag === undefined ? undefined : this.tag(groupTag, copy);
    // The cross-row rules read a hash's text only when it has no identity (duplicates by text).
    strings[stringAt + 2] = hash === undefined || identity !== undefined ? undefined : copy(hash);
    strings[stringAt + 3] = identity;
    this.count++;
  }

  value(index: number, role: CrossRowRole): string | undefined {
    return this.string(index, ROLE_INDEX[role]);
  }

  hasCell(index: number, role: CrossRowRole): boolean {
    return this.shape(index, 6 + ROLE_INDEX[role]) >= 0;
  }

  identity(index: number): string | undefined {
    return this.string(index, 3);
  }

  summary(index: number): DeviceSummary {
    const line = this.place(index, 0);
    const start = this.place(index, 1);
    const cells: Cell[] = [];
    const first = this.shape(index, 3);
    for (let cell = first; cell < first + this.shape(index, 4); cell++) {
      const chunk = this.cells[cell >> CHUNK_SHIFT];
      const at = (cell & IN_CHUNK) * CELL_FIELDS;
      const end = chunk?.[at + 1] ?? 0;
      cells.push({ start: start + (chunk?.[at] ?? 0), end: start + (end < 0 ? ~end : end), quoted: end < 0 });
    }
    const row: Row = {
      line,
      lastLine: line + this.shape(index, 0),
      start,
      end: start + this.shape(index, 1),
      next: start + this.shape(index, 2),
      cells,
    };
    const device: DeviceSummary = { row, values: {}, cells: {} };
    for (const role of ROLES) {
      const cell = cells[this.shape(index, 6 + ROLE_INDEX[role])];
      if (cell) device.cells[role] = cell;
      const value = this.value(index, role);
      if (value !== undefined) device.values[role] = value;
    }
    if (this.shape(index, 5) === 1) {
      const identity = this.identity(index);
      device.hash = identity === undefined ? {} : { identity };
    }
    return device;
  }

  private place(index: number, offset: number): number {
    return this.places[index >> CHUNK_SHIFT]?.[(index & IN_CHUNK) * PLACE_FIELDS + offset] ?? 0;
  }

  private shape(index: number, offset: number): number {
    return this.shapes[index >> CHUNK_SHIFT]?.[(index & IN_CHUNK) * SHAPE_FIELDS + offset] ?? 0;
  }

  private string(index: number, offset: number): string | undefined {
    return this.strings[index >> CHUNK_SHIFT]?.[(index & IN_CHUNK) * STRING_FIELDS + offset];
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
