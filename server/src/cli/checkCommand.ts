// `autopilot-csv check`: compiler-style text or JSON findings; exit 1 when any finding is an error.
import type { Code } from '../core/codes';
import { LineIndex, type Position } from '../core/lines';
import { PiecewiseValidation } from '../core/piecewise';
import type { Finding, FormatId, Settings, Severity } from '../core/types';
import { validate } from '../core/validate';
import { settingsFor } from './configFile';
import { collectFiles, openForCheck } from './files';

/** Where the command writes; plain functions, passed around on their own. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

export interface JsonFinding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: Severity;
  code: Code;
  message: string;
}

export interface CheckOptions {
  output: 'text' | 'json';
  target?: FormatId;
  /** --config FILE; without it, each file's nearest .vscode/settings.json. */
  config?: string;
  paths: string[];
}

export async function runCheck(options: CheckOptions, io: CliIo): Promise<number> {
  const files = await collectFiles(options.paths);
  const settings = settingsFor(options, io);
  const all: JsonFinding[] = [];
  for (const file of files) all.push(...checkFile(file, settings(file)));
  if (options.output === 'json') {
    io.stdout(`${JSON.stringify(all, null, 2)}\n`);
  } else {
    for (const finding of all) {
      io.stdout(`${finding.file}:${finding.line}:${finding.column}: ${finding.severity} ${finding.code}: ${finding.message}\n`);
    }
    io.stdout(`${summary(files.length, all)}\n`);
  }
  return all.some((finding) => finding.severity === 'error') ? 1 : 0;
}

/**
 * UTF-8 files are checked as they are read, in pieces (the text of a large file is never built whole: that costs
 * more than reading it); UTF-16 files, which PowerShell writes for a device or two, are decoded whole.
 */
function checkFile(file: string, settings: Partial<Settings>): JsonFinding[] {
  const input = openForCheck(file);
  if (input.kind === 'pieces') {
    const { pieces } = input;
    const validation = new PiecewiseValidation({ encoding: pieces.encoding, settings }, (start, end) => pieces.textBetween(start, end));
    pieces.read((text) => validation.push(text));
    return toJsonFindings(file, validation, validation.finish());
  }
  const { decoded } = input;
  const validation = validate({ text: decoded.text, encoding: decoded.encoding, guessedUtf16: decoded.guessedUtf16 ?? false, settings });
  return toJsonFindings(file, new LineIndex(decoded.text), validation.findings);
}

function toJsonFindings(file: string, lines: { positionAt(offset: number): Position }, findings: readonly Finding[]): JsonFinding[] {
  return findings.map((finding) => {
    const start = lines.positionAt(finding.start);
    const end = lines.positionAt(finding.end);
    return {
      file,
      line: start.line + 1,
      column: start.character + 1,
      endLine: end.line + 1,
      endColumn: end.character + 1,
      severity: finding.severity,
      code: finding.code,
      message: finding.message,
    };
  });
}

function summary(fileCount: number, findings: readonly JsonFinding[]): string {
  const count = (severity: Severity) => findings.filter((finding) => finding.severity === severity).length;
  const parts = [`${count('error')} error(s)`, `${count('warning')} warning(s)`, `${count('info') + count('hint')} info`];
  return `Checked ${fileCount} file${fileCount === 1 ? '' : 's'}: ${parts.join(', ')}.`;
}
