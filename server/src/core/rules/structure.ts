// CSV structure: separators, quoting, empty rows, field counts, surrounding spaces, row counts.
import * as l10n from '@vscode/l10n';
import { cellValue, valueSpan, type Row } from '../csv';
import { FORMATS } from '../formats';
import type { Sheet } from '../sheet';
import { shorten } from '../text';
import type { TextEdit } from '../types';
import { deleteRowEdit, textBetween, type Emit, type RuleContext } from './context';

export function checkDelimiter(ctx: RuleContext, emit: Emit): void {
  const { sheet } = ctx;
  if (sheet.delimiter === ',' || !sheet.header) return;
  const name = sheet.delimiter === '\t' ? l10n.t('tabs') : `"${sheet.delimiter}"`;
  const anyComma = sheet.table.rows.some((row) => row.cells.some((cell) => cellValue(sheet.text, cell).includes(',')));
  // No edits when the only separators are inside quotes: a fix that changes nothing must not be offered.
  const edits = anyComma ? [] : separatorEdits(sheet);
  emit({
    code: 'delimiter',
    start: sheet.header.start,
    end: sheet.header.end,
    message: l10n.t('The file is separated by {0}; Autopilot imports accept only commas.', name),
    fixes: edits.length > 0 ? [{ title: l10n.t('Convert the separators to commas'), edits, preferred: true, safe: true }] : [],
  });
}

function separatorEdits(sheet: Sheet): TextEdit[] {
  const edits: TextEdit[] = [];
  for (const row of sheet.table.rows) {
    for (let index = 0; index < row.cells.length - 1; index++) {
      const cell = row.cells[index];
      if (cell) edits.push({ start: cell.end, end: cell.end + 1, newText: ',' });
    }
  }
  return edits;
}

/** A blank line or a line of only separators and spaces. */
export function isEmptyRow(sheet: Sheet, row: Row): boolean {
  return isBlank(sheet.text, row.start, row.end, sheet.delimiter);
}

/**
 * The same, read through the context: a file-level check of the incremental engine must not join the whole text
 * (20 MB at 5,000 devices) on every keystroke to look at one row.
 */
export function isEmptyRowIn(ctx: RuleContext, row: Row): boolean {
  return isBlank(textBetween(ctx, row.start, row.end), 0, row.end - row.start, ctx.sheet.delimiter);
}

/** Only separators, spaces and tabs between `start` and `end`. */
function isBlank(text: string, start: number, end: number, delimiter: string): boolean {
  for (let offset = start; offset < end; offset++) {
    const char = text[offset];
    if (char !== delimiter && char !== ' ' && char !== '\t') return false;
  }
  return true;
}

export function checkEmptyRow(ctx: RuleContext, row: Row, emit: Emit): void {
  emit({
    code: 'empty-row',
    start: row.start,
    end: row.end,
    message: row.end === row.start ? l10n.t('Empty line.') : l10n.t('Row of empty fields.'),
    fixes: [{ title: l10n.t('Delete the empty row'), edits: [deleteRowEdit(ctx, row)], preferred: true, safe: true }],
  });
}

export function checkQuotes(ctx: RuleContext, row: Row, emit: Emit): void {
  const { text, delimiter } = ctx.sheet;
  // Bounded scans: an unbounded indexOf from every row re-reads the rest of the file when the only quote is
  // near its end, which is quadratic on 50,000-row files.
  if (!containsQuote(text, row.start, row.end)) return;
  for (const cell of row.cells) {
    if (!containsQuote(text, cell.start, cell.end)) continue;
    const value = cellValue(text, cell);
    // The comma is what no Autopilot CSV can hold, whatever this file is separated by: a `;` file ends up
    // comma-separated once its separators are converted.
    if (cell.quoted && value.includes(',')) {
      emit({
        code: 'quoted-comma',
        start: cell.start,
        end: cell.end,
        message: l10n.t(
          'This quoted value contains ",", which an Autopilot CSV cannot hold (quotes are not allowed): remove the comma from the value.',
        ),
      });
      continue;
    }
    const unquoted = value.replace(/"/g, '');
    emit({
      code: 'quotes',
      start: cell.start,
      end: cell.end,
      message: l10n.t('Quotation marks are not allowed in Autopilot CSV files (Excel adds them when it saves).'),
      // Without its quotes a value holding a line break would split the row in two.
      fixes:
        unquoted.includes(delimiter) || unquoted.includes(',') || /[\r\n]/.test(unquoted)
          ? []
          : [
              {
                title: l10n.t('Remove the quotation marks'),
                edits: [{ start: cell.start, end: cell.end, newText: unquoted }],
                preferred: true,
                safe: true,
              },
            ],
    });
  }
}

function containsQuote(text: string, start: number, end: number): boolean {
  for (let offset = start; offset < end; offset++) if (text.charCodeAt(offset) === 34) return true;
  return false;
}

export function checkFieldCount(ctx: RuleContext, row: Row, emit: Emit): void {
  const header = ctx.sheet.header;
  // Against a blank first line (reported as such) every row would miscount.
  if (!header || header.end === header.start) return;
  const expected = header.cells.length;
  const actual = row.cells.length;
  if (actual === expected) return;
  const { text } = ctx.sheet;
  if (actual > expected) {
    const extra = row.cells.slice(expected);
    const lastKept = row.cells[expected - 1];
    const allEmpty = extra.every((cell) => cellValue(text, cell).trim() === '');
    const start = lastKept ? lastKept.end : row.start;
    emit({
      code: 'field-count',
      start,
      end: row.end,
      message: allEmpty
        ? l10n.t('This row has {0} fields; the header has {1}. The extra fields are empty (trailing commas).', actual, expected)
        : l10n.t('This row has {0} fields; the header has {1}.', actual, expected),
      fixes: allEmpty
        ? [
            {
              title: l10n.t('Remove the trailing empty fields'),
              edits: [{ start, end: row.end, newText: '' }],
              preferred: true,
              safe: true,
            },
          ]
        : [],
    });
    return;
  }
  emit({
    code: 'field-count',
    start: row.start,
    end: row.end,
    message:
      actual === 1
        ? l10n.t('This row has 1 field; the header has {0}. A missing comma shifts every later value into the wrong column.', expected)
        : l10n.t(
            'This row has {0} fields; the header has {1}. A missing comma shifts every later value into the wrong column.',
            actual,
            expected,
          ),
  });
}

export function checkWhitespace(ctx: RuleContext, row: Row, emit: Emit): void {
  const { text } = ctx.sheet;
  for (const cell of row.cells) {
    const span = valueSpan(text, cell);
    if (span.end === span.start) continue;
    const first = text.charCodeAt(span.start);
    const last = text.charCodeAt(span.end - 1);
    if (!isSpace(first) && !isSpace(last)) continue;
    const value = text.slice(span.start, span.end);
    const trimmed = value.replace(/^[ \t]+|[ \t]+$/g, '');
    emit({
      code: 'whitespace',
      start: cell.start,
      end: cell.end,
      message:
        trimmed === ''
          ? l10n.t('This cell holds only spaces: the import reads them as a value, not as an empty cell.')
          : isSpace(first) && isSpace(last)
            ? l10n.t('"{0}" has leading and trailing spaces; the import compares values exactly.', shorten(trimmed))
            : isSpace(first)
              ? l10n.t('"{0}" has leading spaces; the import compares values exactly.', shorten(trimmed))
              : l10n.t('"{0}" has trailing spaces; the import compares values exactly.', shorten(trimmed)),
      fixes: [
        { title: l10n.t('Trim the spaces'), edits: [{ start: span.start, end: span.end, newText: trimmed }], preferred: true, safe: true },
      ],
    });
  }
}

function isSpace(code: number): boolean {
  return code === 32 || code === 9;
}

/**
 * `filledRows` counts every row that is not empty (sample rows included: they get their own finding). A file
 * without a header is empty when no row has a value; otherwise its header is on a later line than the first.
 */
export function checkRowCount(ctx: RuleContext, filledRows: number, deviceRows: number, emit: Emit): void {
  const { sheet, settings } = ctx;
  const header = sheet.header;
  // Through textBetween: the language server keeps the text in pieces and does not join it for one line.
  if (!header || isBlank(textBetween(ctx, header.start, header.end), 0, header.end - header.start, sheet.delimiter)) {
    if (filledRows === 0) {
      emit({
        code: 'file-empty',
        start: 0,
        end: header?.end ?? 0,
        message: l10n.t(
          'The file is empty: no header and no devices. Get-WindowsAutopilotInfo writes at least the header: was the file saved before the script finished, or is it the wrong file?',
        ),
      });
    } else if (header) {
      emit({
        code: 'empty-row',
        start: header.start,
        end: header.end,
        message: l10n.t('The first line is empty: the header must be on line 1.'),
        fixes: [{ title: l10n.t('Delete the empty line'), edits: [deleteRowEdit(ctx, header)], preferred: true, safe: true }],
      });
    }
    return;
  }
  if (!sheet.format) return;
  if (filledRows === 0) {
    emit({
      code: 'no-devices',
      start: header.start,
      end: header.end,
      message: l10n.t(
        'The file has a header but no devices. Get-WindowsAutopilotInfo writes only the header when it cannot read the hash: run it elevated.',
      ),
    });
    return;
  }
  const limit = settings.maxRows > 0 ? settings.maxRows : FORMATS[sheet.format].maxRows;
  if (limit > 0 && deviceRows > limit) {
    emit({
      code: 'row-limit',
      start: header.start,
      end: header.end,
      message: l10n.t(
        'The file has {0} devices; the {1} import takes at most {2} per file. Split it into files of at most {2} rows: the quick fix or "Split File at the Row Limit" in the editor, `autopilot-csv split --rows {2} FILE` on the command line.',
        deviceRows,
        FORMATS[sheet.format].label,
        limit,
      ),
      fixes: [{ title: l10n.t('Split into files of at most {0} devices', limit), edits: [], command: 'split-file' }],
    });
  }
}
