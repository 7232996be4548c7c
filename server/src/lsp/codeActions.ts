// Code actions: quick fixes picked by diagnostic code and range from the findings, a "fix all occurrences"
// for repeated fixes, and the fix-all source action.
import { CodeAction, CodeActionKind, type CodeActionParams, type Diagnostic } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { fixAll } from '../core/fix';
import type { Finding } from '../core/types';
import type { Validation } from '../core/validate';
import { minimalEdit, toLspEdits, toQuickFix, toRange } from './convert';
import { ClientCommands, FIX_ALL_KIND, SOURCE } from './protocol';

/** Codes whose fix, repeated across rows, is offered once for the whole file. */
const FIX_EVERY_OCCURRENCE = new Set(['group-tag-misspelled', 'whitespace', 'quotes', 'non-ascii', 'empty-row', 'sample-row']);

export function codeActions(document: TextDocument, validation: Validation, params: CodeActionParams): CodeAction[] {
  const only = params.context.only;
  const wants = (kind: string) => !only || only.some((requested) => kind === requested || kind.startsWith(`${requested}.`));
  const actions: CodeAction[] = [];
  if (wants(CodeActionKind.QuickFix)) {
    for (const diagnostic of params.context.diagnostics) {
      if (diagnostic.source !== SOURCE) continue;
      const finding = findingFor(document, validation, diagnostic);
      if (!finding) continue;
      for (const fix of finding.fixes) actions.push(toQuickFix(document, diagnostic, fix));
      const everywhere = fixEveryOccurrence(document, validation, diagnostic, finding);
      if (everywhere) actions.push(everywhere);
    }
  }
  if (wants(FIX_ALL_KIND)) {
    const fixAllAction = fixAllInFile(document, validation);
    if (fixAllAction) actions.push(fixAllAction);
  }
  return actions;
}

/** The finding behind a diagnostic: same code and same range in the latest validation. */
export function findingFor(document: TextDocument, validation: Validation, diagnostic: Diagnostic): Finding | undefined {
  const start = document.offsetAt(diagnostic.range.start);
  const end = document.offsetAt(diagnostic.range.end);
  return validation.findings.find((finding) => finding.code === diagnostic.code && finding.start === start && finding.end === end);
}

function fixEveryOccurrence(document: TextDocument, validation: Validation, diagnostic: Diagnostic, finding: Finding): CodeAction | undefined {
  if (!FIX_EVERY_OCCURRENCE.has(finding.code)) return undefined;
  const preferred = finding.fixes.find((fix) => fix.preferred);
  if (!preferred) return undefined;
  const same = validation.findings.filter(
    (other) => other.code === finding.code && other.fixes.some((fix) => fix.preferred && fix.title === preferred.title),
  );
  if (same.length < 2) return undefined;
  const edits = same.flatMap((other) => other.fixes.find((fix) => fix.preferred && fix.title === preferred.title)?.edits ?? []);
  const action = CodeAction.create(`${preferred.title} (all ${same.length} occurrences)`, CodeActionKind.QuickFix);
  action.diagnostics = [diagnostic];
  action.edit = { changes: { [document.uri]: toLspEdits(document, edits) } };
  return action;
}

/** Every safe fix in one edit; re-saving as UTF-8 (when a BOM is being removed) runs as a client command. */
export function fixAllInFile(document: TextDocument, validation: Validation): CodeAction | undefined {
  const text = document.getText();
  const result = fixAll(text, validation.sheet.encoding, validation.settings);
  const edit = minimalEdit(text, result.text);
  const reencode = result.encoding !== validation.sheet.encoding;
  if (!edit && !reencode) return undefined;
  const action = CodeAction.create('Fix all Autopilot CSV problems', FIX_ALL_KIND);
  if (edit) {
    action.edit = { changes: { [document.uri]: [{ range: toRange(document, edit.start, edit.end), newText: edit.newText }] } };
  }
  if (reencode) {
    action.command = { title: 'Save as UTF-8 without BOM', command: ClientCommands.saveAsUtf8, arguments: [document.uri] };
  }
  return action;
}
