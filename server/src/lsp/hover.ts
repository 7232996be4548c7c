// Hovers: what a hardware hash says about its device, what a header column means in the file's format, what
// a group tag selects. The markdown comes from the pure core (../core/describe.ts); this module finds the cell.
import type { Hover, Position } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { sheetCellValue } from '../core/sheet';
import { describeColumn, describeHash } from '../core/describe';
import { describeGroupTag } from '../core/groupTagDescription';
import { fileTagJudgement } from '../core/groupTagPolicy';
import { decodeHardwareHash } from '../core/hashDecoder';
import { cellAt } from '../core/locate';
import { deviceList } from '../core/rules/context';
import type { Validation } from '../core/validate';
import { toRange } from './lspTypes';

/** The findings that say what is wrong with a tag itself: the hover leaves saying it to them (a rule turned off does not). */
const TAG_PROBLEMS: ReadonlySet<string> = new Set(['group-tag-misspelled', 'group-tag-unknown', 'group-tag-invalid']);

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
  const value = sheetCellValue(sheet, cell).trim();
  switch (location.headerCell?.role) {
    case 'hash': {
      if (value === '') return null;
      // Decoded again in full: validation reads only the fields its rules use (one hash takes microseconds).
      return markdown(describeHash(decodeHardwareHash(value)));
    }
    case 'groupTag': {
      const { judgement, known } = fileTagJudgement(deviceList(validation.devices), validation.settings);
      const reported = validation.findings.some(
        (finding) => TAG_PROBLEMS.has(finding.code) && finding.start >= cell.start && finding.end <= cell.end,
      );
      return markdown(describeGroupTag(value, judgement, known, reported));
    }
    default:
      return null;
  }
}
