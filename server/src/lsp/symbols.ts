// Document symbols: one per device row, named by serial number with the model as detail, so "Go to Symbol in
// Editor" finds a device by its serial in a file of thousands of rows.
import * as l10n from '@vscode/l10n';
import { DocumentSymbol, SymbolKind } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DataRow } from '../core/rules/context';
import type { CancellationFlag } from '../core/types';
import type { Validation } from '../core/validate';
import { toRange } from './lspTypes';

export function documentSymbols(document: TextDocument, validation: Validation, token?: CancellationFlag): DocumentSymbol[] {
  const symbols: DocumentSymbol[] = [];
  for (let index = 0; index < validation.devices.length; index++) {
    if ((index & 1023) === 0 && token?.isCancellationRequested) return [];
    const device = validation.devices[index] as DataRow;
    const { row } = device;
    const serialCell = device.cells.serial;
    const range = toRange(document, row.start, row.end);
    const selectionRange = serialCell && serialCell.end > serialCell.start ? toRange(document, serialCell.start, serialCell.end) : range;
    symbols.push(DocumentSymbol.create(symbolName(device), symbolDetail(device), SymbolKind.Object, range, selectionRange));
  }
  return symbols;
}

/** The serial as written; else what the hash says; else the line, so every device can still be listed. */
function symbolName(device: DataRow): string {
  const written = device.values.serial ?? '';
  if (written !== '') return written;
  const fromHash = device.hash?.fields.serialNumber?.trim();
  return fromHash ? l10n.t('{0} (from the hash)', fromHash) : l10n.t('(no serial number) line {0}', device.row.line + 1);
}

function symbolDetail(device: DataRow): string {
  const model = device.values.model || device.hash?.fields.model?.trim() || '';
  const tag = device.values.groupTag ?? '';
  return [model, tag].filter((part) => part !== '').join(' · ');
}
