// Colour by column, as Rainbow CSV users expect: each cell gets the semantic token of its column's role, so the
// serial, the Product ID, the hash, the group tag and the user each have their colour in every theme (standard
// token types, which every theme colours). Rows left from Microsoft's sample files read as comments. Full results
// are sent as edits against the previous one: a keystroke changes a few tokens of the 25,000 of a large file.
import { SemanticTokensBuilder, type SemanticTokens, type SemanticTokensDelta, type SemanticTokensLegend } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Row } from '../core/csv';
import type { ColumnRole } from '../core/formats';
import { textSource } from '../core/sheet';
import type { CancellationFlag } from '../core/types';
import type { Validation } from '../core/validate';

const TOKEN_TYPES = ['enumMember', 'number', 'string', 'type', 'function', 'keyword', 'comment'] as const;
type TokenType = (typeof TOKEN_TYPES)[number];

export const SEMANTIC_TOKENS_LEGEND: SemanticTokensLegend = { tokenTypes: [...TOKEN_TYPES], tokenModifiers: [] };

/**
 * Standard types whose colours differ from each other in VS Code's default themes, dark and light (2026, Modern,
 * +, high contrast): serial blue, Product ID green, hash orange or navy, tag teal, user and model yellow or purple,
 * manufacturer pink. Not `variable` for the serial: the 2026 themes leave variables in the plain foreground.
 * Columns of different formats that never meet share a colour.
 */
const ROLE_TOKENS: Record<ColumnRole, TokenType> = {
  serial: 'enumMember',
  productId: 'number',
  hash: 'string',
  groupTag: 'type',
  assignedUser: 'function',
  manufacturer: 'keyword',
  model: 'function',
};

const tokenIndex = (type: TokenType): number => TOKEN_TYPES.indexOf(type);

export interface LineRange {
  start: number;
  /** Exclusive. */
  end: number;
}

/** The last full result per document, so the next one can be sent as edits against it. Owned by the server. */
export class SemanticTokensStore {
  private readonly builders = new Map<string, SemanticTokensBuilder>();

  full(document: TextDocument, validation: Validation, token?: CancellationFlag): SemanticTokens {
    const builder = new SemanticTokensBuilder();
    pushTokens(builder, validation, undefined, token);
    this.builders.set(document.uri, builder);
    return builder.build();
  }

  delta(
    document: TextDocument,
    validation: Validation,
    previousResultId: string,
    token?: CancellationFlag,
  ): SemanticTokens | SemanticTokensDelta {
    const builder = this.builders.get(document.uri);
    if (!builder) return this.full(document, validation, token);
    builder.previousResult(previousResultId);
    pushTokens(builder, validation, undefined, token);
    return builder.buildEdits();
  }

  forget(uri: string): void {
    this.builders.delete(uri);
  }
}

/** The tokens of the rows that start on the lines of `range` (all rows without one), unrelated to any earlier result. */
export function rangeTokens(validation: Validation, range: LineRange, token?: CancellationFlag): SemanticTokens {
  const builder = new SemanticTokensBuilder();
  pushTokens(builder, validation, range, token);
  return builder.build();
}

function pushTokens(
  builder: SemanticTokensBuilder,
  validation: Validation,
  range: LineRange | undefined,
  token: CancellationFlag | undefined,
): void {
  const { sheet } = validation;
  const text = textSource(sheet);
  const rows = sheet.table.rows;
  const sampleRowStarts = new Set(validation.findings.filter((finding) => finding.code === 'sample-row').map((finding) => finding.start));
  const roleTokens = sheet.headerCells.map((headerCell) => (headerCell.role ? tokenIndex(ROLE_TOKENS[headerCell.role]) : -1));
  const comment = tokenIndex('comment');
  for (let index = range ? firstRowFrom(rows, range.start) : 0; index < rows.length; index++) {
    if ((index & 1023) === 0 && token?.isCancellationRequested) return;
    const row = rows[index] as Row;
    if (range && row.line >= range.end) return;
    // Cells of a quoted value spanning lines are left to the grammar: a token cannot span lines.
    const lineStart = row.line === row.lastLine ? row.start : undefined;
    if (lineStart === undefined) continue;
    if (sampleRowStarts.has(row.start)) {
      if (row.end > row.start) builder.push(row.line, 0, row.end - row.start, comment, 0);
      continue;
    }
    for (let cellIndex = 0; cellIndex < row.cells.length; cellIndex++) {
      const type = roleTokens[cellIndex] ?? -1;
      const cell = row.cells[cellIndex];
      if (type < 0 || !cell) continue;
      // The value without the spaces around it (the whitespace rule marks those).
      let start = cell.start;
      let end = cell.end;
      while (start < end && isSpace(text.charCodeAt(start))) start++;
      while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
      if (end > start) builder.push(row.line, start - lineStart, end - start, type, 0);
    }
  }
}

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09;
}

/** The index of the first row that starts on `line` or later (binary search: files reach 50,000 rows). */
function firstRowFrom(rows: readonly Row[], line: number): number {
  let low = 0;
  let high = rows.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if ((rows[mid]?.line ?? 0) < line) low = mid + 1;
    else high = mid;
  }
  return low;
}
