// Header rules: is this a known format, are its column names spelled right, in order, all there, nothing extra.
import * as l10n from '@vscode/l10n';
import type { Row } from '../csv';
import { canonicalHeader, FORMATS, LEGACY_ORDER_ID, type ColumnRole } from '../formats';
import type { HeaderCell, Sheet } from '../sheet';
import type { Fix, TextEdit } from '../types';
import type { Emit, RuleContext } from './context';
import { isEmptyRowIn } from './structure';

export function checkHeader(ctx: RuleContext, emit: Emit): void {
  const { sheet } = ctx;
  const header = sheet.header;
  // A blank first line is no header: the row-count rule reports the file as empty, or the line as empty.
  if (!header || isEmptyRowIn(ctx, header)) return;
  if (!sheet.format) {
    emit({
      code: 'header-unknown',
      start: header.start,
      end: header.end,
      message: l10n.t(
        'The header matches no Autopilot format. Expected for Intune: "{0}"; for Partner Center: "{1}".',
        canonicalHeader('intune'),
        canonicalHeader('partner-center'),
      ),
      fixes: unknownHeaderFixes(header),
    });
    return;
  }
  const format = FORMATS[sheet.format];
  for (const headerCell of sheet.headerCells) checkHeaderCell(sheet, headerCell, emit);

  const missing = format.columns.filter((column) => column.required && sheet.columns[column.role] === undefined);
  if (missing.length > 0) {
    const names = missing.map((column) => `"${column.name}"`).join(', ');
    emit({
      code: 'column-missing',
      start: header.start,
      end: header.end,
      message:
        missing.length === 1
          ? l10n.t('The {0} format needs the column {1}. Expected header: "{2}".', format.label, names, canonicalHeader(sheet.format))
          : l10n.t('The {0} format needs the columns {1}. Expected header: "{2}".', format.label, names, canonicalHeader(sheet.format)),
    });
  }

  const order = canonicalOrder(sheet);
  if (order.some((cellIndex, position) => cellIndex !== position)) {
    const expected = format.columns.filter((column) => sheet.columns[column.role] !== undefined).map((column) => column.name);
    emit({
      code: 'column-order',
      start: header.start,
      end: header.end,
      message: l10n.t('Columns are out of order for the {0} format: expected "{1}".', format.label, expected.join(',')),
      fixes: [
        {
          title: l10n.t('Reorder the columns of every row to the canonical order'),
          edits: reorderEdits(sheet, order),
          preferred: true,
          safe: true,
        },
      ],
    });
  }
}

function checkHeaderCell(sheet: Sheet, headerCell: HeaderCell, emit: Emit): void {
  const format = FORMATS[sheet.format ?? 'intune'];
  const { cell, match, role } = headerCell;
  const known = match.known;
  if (match.kind === 'legacy-order-id') {
    const rename = format.id === 'intune' && sheet.columns.groupTag === undefined;
    emit({
      code: 'column-unsupported',
      start: cell.start,
      end: cell.end,
      message:
        format.id === 'intune'
          ? l10n.t('"{0}" is a legacy column: the group tag now goes in "Group Tag".', LEGACY_ORDER_ID)
          : l10n.t(
              '"{0}" is a legacy column: the group tag now goes in "Group Tag", which the {1} format does not take.',
              LEGACY_ORDER_ID,
              format.label,
            ),
      fixes: rename
        ? [
            {
              title: l10n.t('Rename the column to "Group Tag"'),
              edits: [{ start: cell.start, end: cell.end, newText: 'Group Tag' }],
              preferred: true,
              safe: true,
            },
          ]
        : [removeColumnFix(sheet, headerCell)],
    });
    return;
  }
  if (!role) {
    emit({
      code: 'column-unsupported',
      start: cell.start,
      end: cell.end,
      message: unsupportedColumnMessage(headerCell, format.label, canonicalHeader(format.id)),
      fixes: [removeColumnFix(sheet, headerCell)],
    });
    return;
  }
  const canonical = format.columns.find((column) => column.role === role)?.name ?? headerCell.value;
  if (headerCell.value === canonical) return;
  const rename: Fix = {
    title: l10n.t('Rename the column to "{0}"', canonical),
    edits: [{ start: cell.start, end: cell.end, newText: canonical }],
    preferred: true,
    safe: true,
  };
  // An exact match of the trimmed value differs from the canonical name in case or in the spaces around it (Excel
  // and people write `Device Serial Number, Windows Product ID, Hardware Hash`).
  if (match.kind === 'case' || (match.kind === 'exact' && known?.name.toLowerCase() === canonical.toLowerCase())) {
    const spacesOnly = headerCell.value.trim() === canonical;
    emit({
      code: 'header-case',
      severity: format.id === 'partner-center' ? 'warning' : 'error',
      start: cell.start,
      end: cell.end,
      message: spacesOnly
        ? l10n.t('Column names are matched exactly: write "{0}" without the spaces around it.', canonical)
        : l10n.t('Column names are matched exactly: write "{0}", not "{1}".', canonical, headerCell.value),
      fixes: [rename],
    });
    return;
  }
  emit({
    code: 'header-misspelled',
    start: cell.start,
    end: cell.end,
    message: l10n.t('"{0}" is not a known column name; did you mean "{1}"?', headerCell.value, canonical),
    fixes: [rename],
  });
}

/** Why a header cell names no column of the file's format (known formats are at most the two others). */
function unsupportedColumnMessage(headerCell: HeaderCell, formatLabel: string, expectedHeader: string): string {
  const known = headerCell.match.known;
  if (!known)
    return l10n.t('"{0}" is not a column of the {1} format. Expected header: "{2}".', headerCell.value, formatLabel, expectedHeader);
  const [first, second] = known.formats.map((id) => FORMATS[id].label);
  return second === undefined
    ? l10n.t(
        '"{0}" belongs to the {1} format; the {2} format does not take it. Expected header: "{3}".',
        known.name,
        first ?? '',
        formatLabel,
        expectedHeader,
      )
    : l10n.t(
        '"{0}" belongs to the {1} and {2} format; the {3} format does not take it. Expected header: "{4}".',
        known.name,
        first ?? '',
        second,
        formatLabel,
        expectedHeader,
      );
}

/** Header cell indexes in the order the rows should have them: format columns canonically, then the rest. */
export function canonicalOrder(sheet: Sheet): number[] {
  if (!sheet.format) return sheet.headerCells.map((headerCell) => headerCell.index);
  const roleCells = FORMATS[sheet.format].columns
    .map((column) => sheet.columns[column.role])
    .filter((index): index is number => index !== undefined);
  const others = sheet.headerCells.map((headerCell) => headerCell.index).filter((index) => !roleCells.includes(index));
  return [...roleCells, ...others];
}

/** Rewrites every row with its cells in `order`; every cell's text is kept verbatim, line breaks untouched. */
export function reorderEdits(sheet: Sheet, order: readonly number[]): TextEdit[] {
  const edits: TextEdit[] = [];
  for (const row of sheet.table.rows) {
    if (row.end === row.start) continue;
    const cellTexts = row.cells.map((cell) => sheet.text.slice(cell.start, cell.end));
    const reordered = order.map((index) => cellTexts[index] ?? '');
    // Cells beyond the header stay at the end, in their order, so no value is lost.
    for (let index = order.length; index < cellTexts.length; index++) reordered.push(cellTexts[index] ?? '');
    const newText = reordered.join(sheet.delimiter);
    if (newText !== sheet.text.slice(row.start, row.end)) edits.push({ start: row.start, end: row.end, newText });
  }
  return edits;
}

/** Removes one column from every row (the cell and one adjacent separator). */
export function removeColumnFix(sheet: Sheet, headerCell: HeaderCell): Fix {
  const edits: TextEdit[] = [];
  for (const row of sheet.table.rows) {
    const edit = removeCellEdit(row, headerCell.index);
    if (edit) edits.push(edit);
  }
  return { title: l10n.t('Remove the column "{0}" from every row', headerCell.value), edits };
}

function removeCellEdit(row: Row, index: number): TextEdit | undefined {
  const cell = row.cells[index];
  if (!cell || row.cells.length < 2) return undefined;
  const following = row.cells[index + 1];
  if (following) return { start: cell.start, end: following.start, newText: '' };
  const preceding = row.cells[index - 1];
  return preceding ? { start: preceding.end, end: cell.end, newText: '' } : undefined;
}

function unknownHeaderFixes(header: Row): Fix[] {
  const count = header.cells.length;
  const intuneRoles: ColumnRole[] = count >= 5 ? ['groupTag', 'assignedUser'] : count === 4 ? ['groupTag'] : [];
  const candidates = [
    { label: 'Intune', header: canonicalHeader('intune', intuneRoles), fits: count >= 3 && count <= 5 },
    { label: 'Partner Center', header: canonicalHeader('partner-center'), fits: count === 5 },
    { label: 'Managed Desktop portal', header: canonicalHeader('mmd-portal', ['hash']), fits: count === 4 },
  ];
  const fitting = candidates.filter((candidate) => candidate.fits);
  return fitting.map((candidate, index) => ({
    title: l10n.t('Replace the header with the {0} header', candidate.label),
    edits: [{ start: header.start, end: header.end, newText: candidate.header }],
    preferred: index === 0 && fitting.length === 1,
  }));
}
