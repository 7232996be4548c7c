// "Apply Fixes" of the device table: the fix fix-all would apply to each problem of the chosen rows (the quick fix
// marked preferred and safe), as one edit. Fixes are the findings' own, picked by code in the core, never redone here.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Row } from '../core/csv';
import { autoFix, compatibleFixes } from '../core/fix';
import type { Fix } from '../core/types';
import type { Validation } from '../core/validate';
import type { RowFixesRequest } from '../protocol/extensionProtocol';
import { toLspEdits } from './lspTypes';

export function rowFixes(document: TextDocument, validation: Validation, lines: readonly number[]): RowFixesRequest.Result {
  const wanted = new Set(lines);
  const rows = validation.sheet.dataRows.filter((row) => wanted.has(row.line));
  const fixes: Fix[] = [];
  let unfixable = 0;
  for (const finding of validation.findings) {
    if (!inRows(rows, finding.start)) continue;
    const fix = autoFix(finding);
    if (fix) fixes.push(fix);
    else unfixable++;
  }
  const chosen = compatibleFixes(fixes);
  return {
    version: document.version,
    edits: toLspEdits(
      document,
      chosen.flatMap((fix) => fix.edits),
    ),
    fixed: chosen.length,
    unfixable,
  };
}

/** Whether `offset` lies in one of `rows` (in file order): the last row starting at or before it, found by halving. */
function inRows(rows: readonly Row[], offset: number): boolean {
  let low = 0;
  let high = rows.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if ((rows[middle] as Row).start <= offset) low = middle;
    else high = middle - 1;
  }
  const row = rows[low];
  return row !== undefined && offset >= row.start && offset < Math.max(row.next, row.end + 1);
}
