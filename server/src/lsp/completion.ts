// Completions: the accepted group tags (from settings) in the Group Tag column, and column names in the header
// row: the detected format's canonical header as a whole, and each known column for the cell being typed.
import * as l10n from '@vscode/l10n';
import { CompletionItemKind, type CompletionItem, type CompletionList, type Position } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { describeColumn } from '../core/describe';
import { describeGroupTag, groupTagProfile } from '../core/groupTagDescription';
import { fileTagJudgement, MANAGED_DESKTOP_END, reasonPhrase, type KnownReason } from '../core/groupTagPolicy';
import { canonicalHeader, FORMAT_IDS, FORMATS, matchHeaderName, type ColumnRole } from '../core/formats';
import { cellAt, type CellLocation } from '../core/locate';
import { deviceList } from '../core/rules/context';
import { sheetCellValue, textSource, type HeaderCell, type Sheet } from '../core/sheet';
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

/** Where a completed tag comes from, in the order offered: listed first, Managed Desktop last. */
const SOURCE_ORDER: readonly KnownReason['source'][] = ['setting', 'file', 'customer', 'workspace', 'managed-desktop'];

/**
 * The tags a row may take: the listed ones, the tags the file stands by, a customer's batch names, the workspace's
 * tags and the Managed Desktop tags; in allow-list mode, the listed ones only.
 */
function tagCompletions(document: TextDocument, validation: Validation, location: CellLocation): CompletionList {
  const range = toRange(document, location.cell.start, location.cell.end);
  const { judgement, known } = fileTagJudgement(deviceList(validation.devices), validation.settings);
  const offered = new Map<string, KnownReason>();
  const offer = (tag: string, reason: KnownReason) => {
    if (!offered.has(tag)) offered.set(tag, reason);
  };
  for (const [tag, reasons] of known.all()) {
    const reason = reasons[0];
    if (reason?.source === 'setting') offer(tag, reason);
  }
  if (!known.allowList) {
    // The cell's own text is no suggestion, unless other rows carry it too.
    const typed = sheetCellValue(validation.sheet, location.cell).trim();
    for (const { tag, rows, verdict } of judgement.tags) {
      if ((verdict.kind === 'known' || verdict.kind === 'accepted') && !(tag === typed && rows === 1)) offer(tag, { source: 'file', rows });
    }
    for (const [tag, reasons] of known.all()) for (const reason of reasons) offer(tag, reason);
  }
  const items = [...offered].map(([tag, reason], index): CompletionItem => {
    const rank = SOURCE_ORDER.indexOf(reason.source);
    return {
      label: tag,
      kind: CompletionItemKind.EnumMember,
      detail: completionDetail(tag, reason),
      documentation: { kind: 'markdown', value: describeGroupTag(tag, judgement, known) },
      sortText: `${rank}${String(index).padStart(5, '0')}`,
      textEdit: { range, newText: tag },
    };
  });
  return { isIncomplete: false, items };
}

function completionDetail(tag: string, reason: KnownReason): string {
  switch (reason.source) {
    case 'file':
      return reason.rows === 1 ? l10n.t('Used in 1 row of this file') : l10n.t('Used in {0} rows of this file', reason.rows);
    case 'managed-desktop':
      return l10n.t('{0} (ended {1})', groupTagProfile(tag) ?? 'Managed Desktop', MANAGED_DESKTOP_END);
    default: {
      const phrase = reasonPhrase(reason);
      return phrase.charAt(0).toUpperCase() + phrase.slice(1);
    }
  }
}

function headerCompletions(document: TextDocument, sheet: Sheet, location: CellLocation, offset: number): CompletionList {
  const { row, cell } = location;
  const items: CompletionItem[] = [];
  const typed = textSource(sheet).slice(row.start, offset);
  canonicalHeaders(sheet).forEach((header, index) => {
    items.push({
      label: header,
      kind: CompletionItemKind.Snippet,
      detail: index === 0 && sheet.format ? l10n.t('Canonical {0} header', FORMATS[sheet.format].label) : l10n.t('Canonical header'),
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
      detail: l10n.t('{0} column', formats.map((format) => FORMATS[format].label).join(', ')),
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
