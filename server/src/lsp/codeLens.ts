// Code lenses on the header row: what the file is (format, devices, problems), and what to do with it: fix what can
// be fixed, see it as a table of devices, and upload once no error is left (an upload of a file with errors stops at
// its check).
import type { CodeLens } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { autoFix } from '../core/fix';
import { FORMATS } from '../core/formats';
import { pluralize } from '../core/text';
import type { Finding, Severity } from '../core/types';
import type { Validation } from '../core/validate';
import { toRange } from './lspTypes';
import { ClientCommands } from '../protocol/extensionProtocol';

/** VS Code's own command that reveals the Problems panel; other editors show the lens as text. */
const SHOW_PROBLEMS = 'workbench.actions.view.problems';

export function codeLenses(document: TextDocument, validation: Validation): CodeLens[] {
  const { sheet } = validation;
  if (!sheet.header) return [];
  const range = toRange(document, sheet.header.start, sheet.header.end);
  const format = sheet.format ? `${FORMATS[sheet.format].label} format` : 'Unknown format';
  // Hints are not counted: they note what is accepted (a UTF-16 file), and the Problems panel does not list them.
  const problems = validation.findings.filter((finding) => finding.severity !== 'hint');
  const lenses: CodeLens[] = [
    {
      range,
      command: {
        title: `${format} · ${pluralize(validation.devices.length, 'device')} · ${problemSummary(problems)}`,
        command: problems.length > 0 ? SHOW_PROBLEMS : '',
      },
    },
  ];
  const fixable = validation.findings.filter((finding) => autoFix(finding) !== undefined).length;
  if (fixable > 0) {
    lenses.push({ range, command: { title: `Fix ${pluralize(fixable, 'problem')} automatically`, command: ClientCommands.fixAll } });
  }
  if (sheet.format) {
    lenses.push({
      range,
      command: { title: 'Open Device Table', command: ClientCommands.openDeviceTable, arguments: [{ uri: document.uri }] },
    });
  }
  const errors = validation.findings.some((finding) => finding.severity === 'error');
  if (sheet.format && validation.devices.length > 0 && !errors) {
    lenses.push({
      range,
      command: { title: 'Upload to Partner Center…', command: ClientCommands.upload, arguments: [{ uri: document.uri }] },
    });
  }
  return lenses;
}

const SEVERITY_WORDS: ReadonlyArray<[Severity, string, string]> = [
  ['error', 'error', 'errors'],
  ['warning', 'warning', 'warnings'],
  ['info', 'info', 'info'],
  ['hint', 'hint', 'hints'],
];

/** `3 problems (2 errors, 1 warning)`, or `no problems`. */
export function problemSummary(findings: readonly Finding[]): string {
  if (findings.length === 0) return 'no problems';
  const parts = SEVERITY_WORDS.map(([severity, singular, plural]) => {
    const count = findings.filter((finding) => finding.severity === severity).length;
    return count > 0 ? pluralize(count, singular, plural) : undefined;
  }).filter((part): part is string => part !== undefined);
  return `${pluralize(findings.length, 'problem')} (${parts.join(', ')})`;
}
