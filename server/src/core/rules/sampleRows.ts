// Rows left over from Microsoft's sample files: the Partner Center template and the Managed Desktop samples.
import { cellValue, type Row } from '../csv';
import { deleteRowEdit, type Emit, type RuleContext } from './context';

/**
 * Placeholder values of the samples, compared case-insensitively against whole cells. The Managed Desktop
 * sample's serial `000000000000` is left out: a real board without a serial reports it too (serial-placeholder's
 * concern), and a sample row's safe fix deletes the row, device and all. The sample row is still caught by
 * its `SpiralOrbit`/`ContosoABC`.
 */
const PLACEHOLDER_VALUES = new Set(['r9-znp67', '123451234567', 'spiralorbit', 'contosoabc']);
const LONGEST_PLACEHOLDER = 12;
/** Placeholder hash prefixes (the samples' hashes are stubs, not hashes). */
const PLACEHOLDER_HASH_PREFIXES = ['T0FzAQEAHAAAAAoA6AOCOgEABgBgW7EdzorHH3g', 'dGhpc2RldmljZWlzYW5tbWRkZXZpY2U'];
const FOOTER = /^(sample explained|line \d+ illustrates)/i;

export function isSampleRow(ctx: RuleContext, row: Row): boolean {
  const { text } = ctx.sheet;
  for (const cell of row.cells) {
    const value = cellValue(text, cell).trim();
    if (value === '') continue;
    // Length first: lower-casing every 4,000-character hash was a third of a large file's check time.
    if (value.length <= LONGEST_PLACEHOLDER && PLACEHOLDER_VALUES.has(value.toLowerCase())) return true;
    if (FOOTER.test(value)) return true;
    if (PLACEHOLDER_HASH_PREFIXES.some((prefix) => value.startsWith(prefix))) return true;
  }
  return false;
}

export function checkSampleRow(ctx: RuleContext, row: Row, emit: Emit): void {
  const firstValue = row.cells.map((cell) => cellValue(ctx.sheet.text, cell).trim()).find((value) => value !== '') ?? '';
  const footer = FOOTER.test(firstValue);
  emit({
    code: 'sample-row',
    start: row.start,
    end: row.end,
    message: footer
      ? "This row is the explanation from Microsoft's sample file: delete it before uploading."
      : "This row holds placeholder values from Microsoft's sample file, not a real device: delete it before uploading.",
    fixes: [{ title: 'Delete the sample row', edits: [deleteRowEdit(ctx.sheet.text, row)], preferred: true, safe: true }],
  });
}
