// `autopilot-csv check`: compiler-style text or JSON findings; exit 1 when any finding is an error.
import { LineIndex } from '../core/lines';
import type { Finding, FormatId, Severity } from '../core/types';
import { validate } from '../core/validate';
import { collectFiles, readInput } from './files';

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

export interface JsonFinding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: Severity;
  code: string;
  message: string;
}

export interface CheckOptions {
  output: 'text' | 'json';
  target?: FormatId;
  paths: string[];
}

export async function runCheck(options: CheckOptions, io: CliIo): Promise<number> {
  const files = await collectFiles(options.paths);
  const all: JsonFinding[] = [];
  for (const file of files) {
    // Only the decoded text is kept: the file's bytes can go while the text is validated (peak memory).
    const { decoded } = await readInput(file);
    const validation = validate({
      text: decoded.text,
      encoding: decoded.encoding,
      guessedUtf16: decoded.guessedUtf16 ?? false,
      settings: options.target ? { format: options.target } : {},
    });
    all.push(...toJsonFindings(file, decoded.text, validation.findings));
  }
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

export function toJsonFindings(file: string, text: string, findings: readonly Finding[]): JsonFinding[] {
  const lines = new LineIndex(text);
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
