// Code actions: quick fixes picked by diagnostic code and range from the findings, a "fix all occurrences"
// for fixes that repeat across rows, and the fix-all source action.
import { CodeAction, CodeActionKind, type CodeActionParams, type Diagnostic } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Code } from '../core/codes';
import { compatibleFixes, fixAll } from '../core/fix';
import type { CancellationFlag, Finding, Fix } from '../core/types';
import type { Validation } from '../core/validate';
import { minimalEdit, toQuickFix, workspaceEdit } from './lspTypes';
import { ClientCommands, FIX_ALL_KIND, SOURCE } from '../protocol/extensionProtocol';

export interface CodeActionOptions {
  /** The client accepts versioned document edits (`documentChanges`). */
  versioned: boolean;
  /** The client adds tags to its settings (ClientCommands.addGroupTags). */
  settingsCommands?: boolean;
  token?: CancellationFlag;
}

interface EveryOccurrence {
  /** Findings whose fixes share this key are fixed together (a misspelled tag: by the tag it becomes). */
  key(fix: Fix): string;
  title(fix: Fix, count: number): string;
}

const SAME_CODE = () => '';

/** Codes whose fix, repeated across rows, is also offered once for the whole file. */
const EVERY_OCCURRENCE: Partial<Record<Code, EveryOccurrence>> = {
  'group-tag-misspelled': {
    key: (fix) => fix.edits[0]?.newText ?? '',
    title: (fix, count) => `Change the group tag to "${fix.edits[0]?.newText ?? ''}" in all ${count} rows`,
  },
  whitespace: { key: SAME_CODE, title: (_fix, count) => `Trim the spaces in all ${count} cells` },
  quotes: { key: SAME_CODE, title: (_fix, count) => `Remove the quotation marks from all ${count} cells` },
  'non-ascii': { key: SAME_CODE, title: (_fix, count) => `Replace the non-ASCII characters in all ${count} cells` },
  'control-character': { key: SAME_CODE, title: (_fix, count) => `Remove the control characters from all ${count} cells` },
  'field-count': { key: SAME_CODE, title: (_fix, count) => `Remove the trailing empty fields from all ${count} rows` },
  'empty-row': { key: SAME_CODE, title: (_fix, count) => `Delete all ${count} empty rows` },
  'sample-row': { key: SAME_CODE, title: (_fix, count) => `Delete all ${count} sample rows` },
  'duplicate-hash': { key: SAME_CODE, title: (_fix, count) => `Delete all ${count} repeated rows` },
};

function wantsKind(params: CodeActionParams, kind: string, onlyWhenAsked: boolean): boolean {
  const only = params.context.only;
  if (!only) return !onlyWhenAsked;
  return only.some((requested) => kind === requested || kind.startsWith(`${requested}.`));
}

export function codeActions(
  document: TextDocument,
  validation: Validation,
  params: CodeActionParams,
  options: CodeActionOptions,
): CodeAction[] {
  const actions: CodeAction[] = [];
  if (wantsKind(params, CodeActionKind.QuickFix, false)) {
    for (const diagnostic of params.context.diagnostics) {
      if (diagnostic.source !== SOURCE) continue;
      const finding = findingFor(document, validation, diagnostic);
      if (!finding) continue;
      for (const fix of finding.fixes) {
        if (fix.command === 'add-group-tags' && !options.settingsCommands) continue;
        actions.push(toQuickFix(document, diagnostic, fix, options.versioned));
      }
      const everywhere = fixEveryOccurrence(document, validation, diagnostic, finding, options);
      if (everywhere) actions.push(everywhere);
    }
  }
  // Fix-all re-validates the file several times: only when the editor asks for it (on save, from the command),
  // never for the light bulb that is requested at every cursor move.
  if (wantsKind(params, FIX_ALL_KIND, true)) {
    const fixAllAction = fixAllInFile(document, validation, options);
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

/** The safe preferred fix a finding would get in a bulk fix. */
function bulkFix(finding: Finding): Fix | undefined {
  return finding.fixes.find((fix) => fix.preferred && fix.safe && !fix.command && !fix.reencode && fix.edits.length > 0);
}

function fixEveryOccurrence(
  document: TextDocument,
  validation: Validation,
  diagnostic: Diagnostic,
  finding: Finding,
  options: CodeActionOptions,
): CodeAction | undefined {
  const occurrence = EVERY_OCCURRENCE[finding.code];
  const own = bulkFix(finding);
  if (!occurrence || !own) return undefined;
  const key = occurrence.key(own);
  const fixes: Fix[] = [];
  for (const other of validation.findings) {
    if (other.code !== finding.code) continue;
    const fix = bulkFix(other);
    if (fix && occurrence.key(fix) === key) fixes.push(fix);
  }
  const applicable = compatibleFixes(fixes);
  if (applicable.length < 2) return undefined;
  const action = CodeAction.create(occurrence.title(own, applicable.length), CodeActionKind.QuickFix);
  action.diagnostics = [diagnostic];
  action.edit = workspaceEdit(
    document,
    applicable.flatMap((fix) => fix.edits),
    options.versioned,
  );
  return action;
}

/** Every safe fix in one edit; re-saving as UTF-8 (when a BOM is being removed) runs as a client command. */
export function fixAllInFile(document: TextDocument, validation: Validation, options: CodeActionOptions): CodeAction | undefined {
  const text = document.getText();
  const result = fixAll(text, validation.sheet.encoding, validation.settings, undefined, options.token);
  if (options.token?.isCancellationRequested) return undefined;
  const edit = minimalEdit(text, result.text);
  const reencode = result.encoding !== validation.sheet.encoding;
  if (!edit && !reencode) return undefined;
  const action = CodeAction.create('Fix all Autopilot CSV problems', FIX_ALL_KIND);
  if (edit) action.edit = workspaceEdit(document, [edit], options.versioned);
  if (reencode) {
    action.command = { title: 'Save as UTF-8 without BOM', command: ClientCommands.saveAsUtf8, arguments: [document.uri] };
  }
  return action;
}
