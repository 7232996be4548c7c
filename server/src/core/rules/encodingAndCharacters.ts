// Encoding and character set: the docs ask for ANSI text; PowerShell writes UTF-16, Excel adds a UTF-8 BOM.
import * as l10n from '@vscode/l10n';
import type { Row } from '../csv';
import type { Encoding } from '../types';
import type { Emit, RuleContext } from './context';

export function checkFileEncoding(ctx: RuleContext, guessedUtf16: boolean, emit: Emit): void {
  const { sheet } = ctx;
  // An empty file is reported as empty (file-empty), whatever bytes it started with.
  if (!sheet.header) return;
  const start = sheet.header?.start ?? 0;
  const end = sheet.header?.end ?? 0;
  const encoding: Encoding = sheet.encoding;
  if (encoding === 'utf16le' || encoding === 'utf16be') {
    emit({
      code: 'encoding-utf16',
      start,
      end,
      message: utf16Message(encoding === 'utf16be', guessedUtf16),
      fixes: [{ title: l10n.t('Re-save as UTF-8 without BOM'), edits: [], reencode: 'utf8' }],
    });
  } else if (encoding === 'utf8bom') {
    emit({
      code: 'encoding-bom',
      start,
      end,
      message: l10n.t('The file starts with a UTF-8 byte-order mark (Excel "CSV UTF-8"); the import docs ask for ANSI text.'),
      fixes: [
        {
          title: l10n.t('Remove the byte-order mark (save as UTF-8 without BOM)'),
          edits: [],
          reencode: 'utf8',
          preferred: true,
          safe: true,
        },
      ],
    });
  }
}

/** ASCII look-alikes for the characters Word, Excel and web pages put into copied values. */
const LOOK_ALIKES: Record<string, string> = {
  '\u00a0': ' ',
  '\u2007': ' ',
  '\u202f': ' ',
  '\u2018': "'",
  '\u2019': "'",
  '\u201c': '"',
  '\u201d': '"',
  '\u2010': '-',
  '\u2011': '-',
  '\u2012': '-',
  '\u2013': '-',
  '\u2014': '-',
  '\u2212': '-',
  '\u200b': '',
  '\u2026': '...',
};

export function asciiLookAlike(char: string): string {
  const mapped = LOOK_ALIKES[char];
  if (mapped !== undefined) return mapped;
  return char.normalize('NFD').replace(/[^\x20-\x7e]/g, '');
}

function isControl(code: number): boolean {
  return (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0x7f || code === 0xfeff;
}

/**
 * Non-ASCII and control characters, one finding per cell, for every row including the header. A line break inside
 * a quoted cell is neither (the quotes rule reports the cell). The hash cell's other characters are the hash
 * rules' concern: a look-alike is no repair of a hash, whose own fix removes what does not belong in it.
 */
export function checkCharacters(ctx: RuleContext, row: Row, emit: Emit): void {
  const { text, header, columns } = ctx.sheet;
  if (isPlainAscii(text, row.start, row.end)) return;
  const hashCell = row !== header && columns.hash !== undefined ? row.cells[columns.hash] : undefined;
  for (const cell of row.cells) {
    let firstControl = -1;
    let lastControl = -1;
    let firstOther = -1;
    let lastOther = -1;
    for (let offset = cell.start; offset < cell.end; offset++) {
      const code = text.charCodeAt(offset);
      if (code >= 0x20 && code < 0x7f) continue;
      if (code === 0x09 || code === 0x0a || code === 0x0d) continue;
      if (isControl(code)) {
        if (firstControl === -1) firstControl = offset;
        lastControl = offset;
      } else if (cell !== hashCell) {
        if (firstOther === -1) firstOther = offset;
        lastOther = offset;
      }
    }
    if (firstControl !== -1) {
      const segment = text.slice(firstControl, lastControl + 1);
      const cleaned = [...segment].filter((char) => !isControl(char.charCodeAt(0))).join('');
      emit({
        code: 'control-character',
        start: firstControl,
        end: lastControl + 1,
        message: l10n.t(
          'Control character {0} inside the text: were files of different encodings joined together?',
          describeChar(text.charCodeAt(firstControl)),
        ),
        fixes: [
          {
            title: l10n.t('Remove the control characters'),
            edits: [{ start: firstControl, end: lastControl + 1, newText: cleaned }],
            preferred: true,
            safe: true,
          },
        ],
      });
    }
    if (firstOther !== -1) {
      const segment = text.slice(firstOther, lastOther + 1);
      const replaced = [...segment]
        .map((char) => (char.charCodeAt(0) < 0x80 || isControl(char.charCodeAt(0)) ? char : asciiLookAlike(char)))
        .join('');
      const firstChar = String.fromCodePoint(text.codePointAt(firstOther) ?? 0);
      emit({
        code: 'non-ascii',
        start: firstOther,
        end: lastOther + 1,
        message: l10n.t(
          'Non-ASCII character {0} "{1}": the import accepts ANSI text only.',
          describeChar(firstChar.codePointAt(0) ?? 0),
          firstChar,
        ),
        fixes: [
          {
            title: l10n.t('Replace with ASCII look-alikes'),
            edits: [{ start: firstOther, end: lastOther + 1, newText: replaced }],
            preferred: true,
            safe: true,
          },
        ],
      });
    }
  }
}

function isPlainAscii(text: string, start: number, end: number): boolean {
  for (let offset = start; offset < end; offset++) {
    const code = text.charCodeAt(offset);
    if (code >= 0x7f || (code < 0x20 && code !== 0x09)) return false;
  }
  return true;
}

function describeChar(code: number): string {
  return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

function utf16Message(bigEndian: boolean, withoutBom: boolean): string {
  if (bigEndian) {
    return withoutBom
      ? l10n.t(
          'The file is UTF-16 big-endian without a byte-order mark (what Get-WindowsAutopilotInfo writes under Windows PowerShell). Intune accepts it in practice; the import docs ask for ANSI text.',
        )
      : l10n.t(
          'The file is UTF-16 big-endian (what Get-WindowsAutopilotInfo writes under Windows PowerShell). Intune accepts it in practice; the import docs ask for ANSI text.',
        );
  }
  return withoutBom
    ? l10n.t(
        'The file is UTF-16 without a byte-order mark (what Get-WindowsAutopilotInfo writes under Windows PowerShell). Intune accepts it in practice; the import docs ask for ANSI text.',
      )
    : l10n.t(
        'The file is UTF-16 (what Get-WindowsAutopilotInfo writes under Windows PowerShell). Intune accepts it in practice; the import docs ask for ANSI text.',
      );
}
