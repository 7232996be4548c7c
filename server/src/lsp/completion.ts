// Completions: the accepted group tags (from settings) in the Group Tag column, and column names in the header
// row: the detected format's canonical header as a whole, and each known column for the cell being typed.
import { CompletionItemKind, type CompletionItem, type CompletionList, type Position } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { describeColumn, describeGroupTag, groupTagProfile } from '../core/describe';
import { canonicalHeader, FORMAT_IDS, FORMATS, matchHeaderName, type ColumnRole } from '../core/formats';
import { cellAt, type CellLocation } from '../core/locate';
import type { HeaderCell, Sheet } from '../core/sheet';
import type { FormatId } from '../core/types';
import type { Validation } from '../core/validate';
import { toRange } from './lspTypes';

const NONE: CompletionList = { isIncomplete: false, items: [] };

export function completions(document: TextDocument, validation: Validation, position: Position): CompletionList {
  const offset = document.offsetAt(position);
  const location = cellAt(validation.sheet, offset);
  // A value spread over lines (a quoted line break) cannot be replaced by a one-line completion.
  if (!location || location.row.line !== location.row.lastLine) return NONE;
  if (location.rowIndex === 0) return headerCompletions(document, validation.sheet, location, offset);
  if (location.headerCell?.role === 'groupTag') return tagCompletions(document, validation, location);
  return NONE;
}

function tagCompletions(document: TextDocument, validation: Validation, location: CellLocation): CompletionList {
  const range = toRange(document, location.cell.start, location.cell.end);
  const accepted = validation.settings.groupTags;
  const items = accepted.map((tag, index): CompletionItem => ({
    label: tag,
    kind: CompletionItemKind.EnumMember,
    detail: groupTagProfile(tag) ?? 'Accepted group tag',
    documentation: { kind: 'markdown', value: describeGroupTag(tag, accepted) },
    sortText: String(index).padStart(4, '0'),
    textEdit: { range, newText: tag },
  }));
  return { isIncomplete: false, items };
}

function headerCompletions(document: TextDocument, sheet: Sheet, location: CellLocation, offset: number): CompletionList {
  const { row, cell } = location;
  const items: CompletionItem[] = [];
  const typed = sheet.text.slice(row.start, offset);
  canonicalHeaders(sheet).forEach((header, index) => {
    items.push({
      label: header,
      kind: CompletionItemKind.Snippet,
      detail: index === 0 && sheet.format ? `Canonical ${FORMATS[sheet.format].label} header` : 'Canonical header',
      // Whatever is typed so far, the whole header stays on offer: it replaces the line.
      filterText: typed,
      sortText: `0${index}`,
      textEdit: { range: toRange(document, row.start, row.end), newText: header },
    });
  });
  const range = toRange(document, cell.start, cell.end);
  knownColumns(sheet.format).forEach(({ name, role, formats, ownFormat }, index) => {
    // Described in the file's format when it takes the column, else in the format the column belongs to.
    const headerCell: HeaderCell = { index: location.cellIndex, cell, value: name, match: matchHeaderName(name), role };
    const describedIn = ownFormat ? sheet.format : formats[0];
    items.push({
      label: name,
      kind: CompletionItemKind.Field,
      detail: `${formats.map((format) => FORMATS[format].label).join(', ')} column`,
      documentation: { kind: 'markdown', value: describeColumn(describedIn, headerCell) },
      sortText: `${ownFormat ? 1 : 2}${String(index).padStart(3, '0')}`,
      textEdit: { range, newText: name },
    });
  });
  return { isIncomplete: false, items };
}

/**
 * The detected format's header as long as the one being typed (optional columns the file has, or the next
 * ones for cells still unnamed), then with all its columns; every format's header when none is detected.
 */
function canonicalHeaders(sheet: Sheet): string[] {
  if (!sheet.format) return [...new Set([canonicalHeader('intune', []), ...FORMAT_IDS.map((format) => canonicalHeader(format))])];
  const columns = FORMATS[sheet.format].columns;
  const roles = columns.filter((column) => column.required || sheet.columns[column.role] !== undefined).map((column) => column.role);
  for (const column of columns) {
    if (roles.length >= sheet.headerCells.length) break;
    if (!roles.includes(column.role)) roles.push(column.role);
  }
  return [...new Set([canonicalHeader(sheet.format, roles), canonicalHeader(sheet.format)])];
}

interface KnownColumn {
  name: string;
  role: ColumnRole;
  formats: FormatId[];
  /** The detected format takes this column. */
  ownFormat: boolean;
}

/** Every known column name once: the detected format's first, in canonical order. */
function knownColumns(format: FormatId | undefined): KnownColumn[] {
  const byName = new Map<string, KnownColumn>();
  const order = format ? [format, ...FORMAT_IDS.filter((id) => id !== format)] : FORMAT_IDS;
  for (const id of order) {
    for (const column of FORMATS[id].columns) {
      const known = byName.get(column.name) ?? { name: column.name, role: column.role, formats: [], ownFormat: id === format };
      known.formats.push(id);
      byName.set(column.name, known);
    }
  }
  return [...byName.values()];
}
