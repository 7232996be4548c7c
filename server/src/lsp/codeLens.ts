// Code lenses on the header row: what the file is (format, devices, problems), and what to do with it: fix what can
// be fixed, see it as a table of devices, and upload (to Partner Center, or an Intune-format file to Intune) once no
// error is left (an upload of a file with errors stops at its check).
import * as l10n from '@vscode/l10n';
import type { CodeLens } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { autoFix } from '../core/fix';
import { FORMATS } from '../core/formats';
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
  const format = sheet.format ? l10n.t('{0} format', FORMATS[sheet.format].label) : l10n.t('Unknown format');
  const devices = validation.devices.length === 1 ? l10n.t('1 device') : l10n.t('{0} devices', validation.devices.length);
  // Hints are not counted: they note what is accepted (a UTF-16 file), and the Problems panel does not list them.
  const problems = validation.findings.filter((finding) => finding.severity !== 'hint');
  const lenses: CodeLens[] = [
    {
      range,
      command: {
        title: `${format} · ${devices} · ${problemSummary(problems)}`,
        command: problems.length > 0 ? SHOW_PROBLEMS : '',
      },
    },
  ];
  const fixable = validation.findings.filter((finding) => autoFix(finding) !== undefined).length;
  if (fixable > 0) {
    lenses.push({
      range,
      command: {
        title: fixable === 1 ? l10n.t('Fix 1 problem automatically') : l10n.t('Fix {0} problems automatically', fixable),
        command: ClientCommands.fixAll,
      },
    });
  }
  if (sheet.format) {
    lenses.push({
      range,
      command: { title: l10n.t('Open Device Table'), command: ClientCommands.openDeviceTable, arguments: [{ uri: document.uri }] },
    });
  }
  const errors = validation.findings.some((finding) => finding.severity === 'error');
  if (sheet.format && validation.devices.length > 0 && !errors) {
    lenses.push({
      range,
      command: { title: l10n.t('Upload to Partner Center…'), command: ClientCommands.upload, arguments: [{ uri: document.uri }] },
    });
    // Only the Intune format goes to Intune as it is (the import reads its columns); another format is converted first.
    if (sheet.format === 'intune') {
      lenses.push({
        range,
        command: { title: l10n.t('Upload to Intune…'), command: ClientCommands.uploadToIntune, arguments: [{ uri: document.uri }] },
      });
    }
  }
  return lenses;
}

const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info', 'hint'];

/** Each count its own message: languages count differently (one error, zwei Fehler). */
function countOf(severity: Severity, count: number): string {
  switch (severity) {
    case 'error':
      return count === 1 ? l10n.t('1 error') : l10n.t('{0} errors', count);
    case 'warning':
      return count === 1 ? l10n.t('1 warning') : l10n.t('{0} warnings', count);
    case 'info':
      return l10n.t('{0} info', count);
    case 'hint':
      return count === 1 ? l10n.t('1 hint') : l10n.t('{0} hints', count);
  }
}

/** `3 problems (2 errors, 1 warning)`, or `no problems`. */
export function problemSummary(findings: readonly Finding[]): string {
  if (findings.length === 0) return l10n.t('no problems');
  const parts = SEVERITIES.map((severity) => {
    const count = findings.filter((finding) => finding.severity === severity).length;
    return count > 0 ? countOf(severity, count) : undefined;
  }).filter((part): part is string => part !== undefined);
  // Problems of one severity are counted once ("3 warnings"): the header line holds up to four lenses besides.
  const [only] = parts;
  if (parts.length === 1 && only !== undefined) return only;
  const problems = l10n.t('{0} problems', findings.length);
  return `${problems} (${parts.join(', ')})`;
}
