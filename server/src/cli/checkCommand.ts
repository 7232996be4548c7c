// `autopilot-csv check`: compiler-style text or JSON findings; exit 1 when any finding is an error.
import * as l10n from '@vscode/l10n';
import { RULES, type Code } from '../core/codes';
import { LineIndex, type Position } from '../core/lines';
import { PiecewiseValidation } from '../core/piecewise';
import type { Finding, FormatId, Settings, Severity } from '../core/types';
import { validate } from '../core/validate';
import { settingsFor } from './configFile';
import { collectFiles, FileProblem, openForCheck } from './files';

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

/**
 * Checks every file; a path that cannot be read is reported as a finding of that file (file-unreadable,
 * file-not-csv) and the others are still checked. Exit 2 when a path could not be read, else 1 on an error finding.
 */
export async function runCheck(options: CheckOptions, io: CliIo): Promise<number> {
  const entries = await collectFiles(options.paths);
  const settings = settingsFor(options, io);
  const all: JsonFinding[] = [];
  let checked = 0;
  let unreadable = 0;
  for (const entry of entries) {
    let findings: JsonFinding[];
    try {
      if (entry instanceof FileProblem) throw entry;
      findings = checkFile(entry, settings(entry));
      checked++;
    } catch (error) {
      if (!(error instanceof FileProblem)) throw error;
      unreadable++;
      findings = [fileProblemFinding(error)];
    }
    // One at a time: a spread of 130,000 findings into push() overflows the stack.
    for (const finding of findings) all.push(finding);
  }
  if (options.output === 'json') {
    io.stdout(`${JSON.stringify(all, null, 2)}\n`);
  } else {
    for (const finding of all) {
      const where = isFileProblem(finding.code) ? finding.file : `${finding.file}:${finding.line}:${finding.column}`;
      // "error"/"warning" stay English whatever the language, as compilers print them: problem matchers read them.
      io.stdout(`${where}: ${finding.severity} ${finding.code}: ${finding.message}\n`);
    }
    io.stdout(`${summary(checked, unreadable, all)}\n`);
  }
  if (unreadable > 0) return 2;
  return all.some((finding) => finding.severity === 'error') ? 1 : 0;
}

function isFileProblem(code: Code): boolean {
  return code === 'file-unreadable' || code === 'file-not-csv';
}

/** A path that could not be checked, as a finding at its line 1 (docs/rules.md, file-unreadable). */
function fileProblemFinding(problem: FileProblem): JsonFinding {
  return {
    file: problem.path,
    line: 1,
    column: 1,
    endLine: 1,
    endColumn: 1,
    severity: RULES[problem.code].severity,
    code: problem.code,
    message: problem.message,
  };
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

function summary(checked: number, unreadable: number, findings: readonly JsonFinding[]): string {
  const checkedFindings = findings.filter((finding) => !isFileProblem(finding.code));
  const count = (severity: Severity) => checkedFindings.filter((finding) => finding.severity === severity).length;
  const [errors, warnings, info] = [count('error'), count('warning'), count('info') + count('hint')];
  const files =
    checked === 1
      ? l10n.t('Checked 1 file: {0} error(s), {1} warning(s), {2} info', errors, warnings, info)
      : l10n.t('Checked {0} files: {1} error(s), {2} warning(s), {3} info', checked, errors, warnings, info);
  if (unreadable === 0) return `${files}.`;
  return `${files}; ${unreadable === 1 ? l10n.t('1 path could not be checked') : l10n.t('{0} paths could not be checked', unreadable)}.`;
}
