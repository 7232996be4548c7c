// Hovers: what a hardware hash says about its device, what a header column means in the file's format, what
// a group tag selects. The markdown comes from the pure core (../core/describe.ts); this module finds the cell.
import type { Hover, Position } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Row } from '../core/csv';
import { cellValue } from '../core/csv';
import { describeColumn, describeGroupTag, describeHash } from '../core/describe';
import { decodeHardwareHash } from '../core/hardwareHash';
import { cellAt } from '../core/locate';
import type { DataRow } from '../core/rules/context';
import type { Validation } from '../core/validate';
import { toRange } from './convert';

export function hover(document: TextDocument, validation: Validation, position: Position): Hover | null {
  const { sheet } = validation;
  const location = cellAt(sheet, document.offsetAt(position));
  if (!location) return null;
  const { cell } = location;
  const range = toRange(document, cell.start, cell.end);
  const markdown = (value: string): Hover => ({ contents: { kind: 'markdown', value }, range });
  if (location.rowIndex === 0) {
    return location.headerCell ? markdown(describeColumn(sheet.format, location.headerCell)) : null;
  }
  const value = cellValue(sheet.text, cell).trim();
  switch (location.headerCell?.role) {
    case 'hash': {
      if (value === '') return null;
      // The engine decoded every device's hash already; rows that are not devices (sample rows) are decoded here.
      const hash = deviceOf(validation, location.row)?.hash ?? decodeHardwareHash(value);
      return markdown(describeHash(hash));
    }
    case 'groupTag': {
      const onCell = validation.findings.filter((finding) => finding.start >= cell.start && finding.end <= cell.end);
      return markdown(describeGroupTag(value, validation.settings.groupTags, onCell));
    }
    default:
      return null;
  }
}

/** The device of a row, by binary search: devices are in file order. */
export function deviceOf(validation: Validation, row: Row): DataRow | undefined {
  const devices = validation.devices;
  let low = 0;
  let high = devices.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const start = devices[mid]?.row.start ?? 0;
    if (start === row.start) return devices[mid];
    if (start < row.start) low = mid + 1;
    else high = mid - 1;
  }
  return undefined;
}
