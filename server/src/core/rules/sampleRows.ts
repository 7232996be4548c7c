// Rows left over from Microsoft's sample files: the Partner Center template and the Managed Desktop samples.
import * as l10n from '@vscode/l10n';
import { cellValue, type Row } from '../csv';
import { deleteRowEdit, type DataRow, type Emit, type RuleContext } from './context';

/**
 * Placeholder values of the samples, compared case-insensitively against whole cells. The Managed Desktop
 * sample's serial `000000000000` is left out: a real board without a serial reports it too (serial-placeholder's
 * concern), and a sample row's safe fix deletes the row, device and all. The sample row is still caught by
 * its `SpiralOrbit`/`ContosoABC`.
 */
const PLACEHOLDER_VALUES = new Set(['r9-znp67', '123451234567', 'spiralorbit', 'contosoabc']);
const LONGEST_PLACEHOLDER = 12;
/** Lower case (`| 0x20` folds ASCII letters; digits keep theirs): a cell starting otherwise is no placeholder. */
const PLACEHOLDER_FIRST_CHARACTERS = new Set([...PLACEHOLDER_VALUES].map((value) => value.charCodeAt(0)));
/** Placeholder hash prefixes (the samples' hashes are stubs, not hashes). */
const PLACEHOLDER_HASH_PREFIXES = ['T0FzAQEAHAAAAAoA6AOCOgEABgBgW7EdzorHH3g', 'dGhpc2RldmljZWlzYW5tbWRkZXZpY2U'];
const FOOTER = /^(sample explained|line \d+ illustrates)/i;

export function isSampleRow(ctx: RuleContext, row: Row): boolean {
  const { text } = ctx.sheet;
  for (const cell of row.cells) {
    if (cell.quoted) {
      if (isSampleValue(cellValue(text, cell).trim())) return true;
      continue;
    }
    // Unquoted cells are judged in place: slicing and lower-casing every 4,000-character hash of a large file
    // cost a third of its check time.
    let start = cell.start;
    let end = cell.end;
    while (start < end && isWhitespace(text.charCodeAt(start))) start++;
    while (end > start && isWhitespace(text.charCodeAt(end - 1))) end--;
    if (start === end) continue;
    const first = text.charCodeAt(start) | 0x20;
    // s(ample explained), l(ine N illustrates): the footer rows.
    const mayBeValue = (end - start <= LONGEST_PLACEHOLDER && PLACEHOLDER_FIRST_CHARACTERS.has(first)) || first === 0x73 || first === 0x6c;
    if (mayBeValue && isSampleValue(text.slice(start, end))) return true;
    // T0Fz, dGhp: the samples' stub hashes.
    const mayBeStubHash = first === 0x74 || first === 0x64;
    if (mayBeStubHash && PLACEHOLDER_HASH_PREFIXES.some((prefix) => text.startsWith(prefix, start))) return true;
  }
  return false;
}

/** A trimmed, non-empty cell value from a sample file. */
function isSampleValue(value: string): boolean {
  if (value === '') return false;
  if (value.length <= LONGEST_PLACEHOLDER && PLACEHOLDER_VALUES.has(value.toLowerCase())) return true;
  return FOOTER.test(value) || PLACEHOLDER_HASH_PREFIXES.some((prefix) => value.startsWith(prefix));
}

/** What String.prototype.trim removes (the same set as `\s`). */
function isWhitespace(code: number): boolean {
  if (code === 0x20 || (code >= 0x09 && code <= 0x0d)) return true;
  return code >= 0xa0 && WHITESPACE.test(String.fromCharCode(code));
}

const WHITESPACE = /\s/;

/**
 * A sample row is deleted without asking only when it carries no hardware hash of its own (none, or the samples'
 * stub): a row with some other hash may be a real device whose hash got damaged, so its deletion is offered only.
 */
export function checkSampleRow(ctx: RuleContext, device: DataRow, emit: Emit): void {
  const { row } = device;
  const firstValue = row.cells.map((cell) => cellValue(ctx.sheet.text, cell).trim()).find((value) => value !== '') ?? '';
  const footer = FOOTER.test(firstValue);
  const hash = device.values.hash ?? '';
  const ownHash = hash !== '' && !PLACEHOLDER_HASH_PREFIXES.some((prefix) => hash.startsWith(prefix));
  emit({
    code: 'sample-row',
    start: row.start,
    end: row.end,
    message: footer
      ? l10n.t("This row is the explanation from Microsoft's sample file: delete it before uploading.")
      : ownHash
        ? l10n.t(
            "This row holds placeholder values from Microsoft's sample file next to a hardware hash that does not verify: if it is a real device, replace the placeholders with its own values; otherwise delete the row.",
          )
        : l10n.t("This row holds placeholder values from Microsoft's sample file, not a real device: delete it before uploading."),
    fixes: [{ title: l10n.t('Delete the sample row'), edits: [deleteRowEdit(ctx, row)], preferred: !ownHash, safe: !ownHash }],
  });
}
