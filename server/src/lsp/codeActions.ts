// Code actions: quick fixes picked by diagnostic code and range from the findings, a "fix all occurrences"
// for fixes that repeat across rows, and the fix-all source action.
import * as l10n from '@vscode/l10n';
import { CodeAction, CodeActionKind, type CodeActionParams, type Diagnostic, type Position, type Range } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Code } from '../core/codes';
import { compatibleFixes, fixAll } from '../core/fix';
import type { CancellationFlag, Finding, Fix, TextEdit } from '../core/types';
import type { Validation } from '../core/validate';
import { minimalEdit, toQuickFix, workspaceEdit } from './lspTypes';
import { FIX_ALL_KIND, SOURCE } from '../protocol/extensionProtocol';

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
    title: (fix, count) => l10n.t('Change the group tag to "{0}" in all {1} rows', fix.edits[0]?.newText ?? '', count),
  },
  whitespace: { key: SAME_CODE, title: (_fix, count) => l10n.t('Trim the spaces in all {0} cells', count) },
  quotes: { key: SAME_CODE, title: (_fix, count) => l10n.t('Remove the quotation marks from all {0} cells', count) },
  'non-ascii': { key: SAME_CODE, title: (_fix, count) => l10n.t('Replace the non-ASCII characters in all {0} cells', count) },
  'control-character': { key: SAME_CODE, title: (_fix, count) => l10n.t('Remove the control characters from all {0} cells', count) },
  'field-count': { key: SAME_CODE, title: (_fix, count) => l10n.t('Remove the trailing empty fields from all {0} rows', count) },
  'empty-row': { key: SAME_CODE, title: (_fix, count) => l10n.t('Delete all {0} empty rows', count) },
  'sample-row': { key: SAME_CODE, title: (_fix, count) => l10n.t('Delete all {0} sample rows', count) },
  'duplicate-hash': { key: SAME_CODE, title: (_fix, count) => l10n.t('Delete all {0} repeated rows', count) },
};

function wantsKind(params: CodeActionParams, kind: string, onlyWhenAsked: boolean): boolean {
  const only = params.context.only;
  if (!only) return !onlyWhenAsked;
  return only.some((requested) => kind === requested || kind.startsWith(`${requested}.`));
}

/**
 * The actions for the diagnostics of a request that lie in its range. A "fix every occurrence" action is made once
 * per request for its code (and key), naming every diagnostic of the request it fixes: made per diagnostic, a
 * whole-file request on 1,761 repeated findings answered 1,761 copies of a 1,761-edit action (292 MB of JSON).
 */
export function codeActions(
  document: TextDocument,
  validation: Validation,
  params: CodeActionParams,
  options: CodeActionOptions,
): CodeAction[] {
  const actions: CodeAction[] = [];
  if (wantsKind(params, CodeActionKind.QuickFix, false)) {
    const everywhere = new Map<string, CodeAction | undefined>();
    for (const diagnostic of params.context.diagnostics) {
      if (options.token?.isCancellationRequested) return [];
      if (diagnostic.source !== SOURCE || !intersects(diagnostic.range, params.range)) continue;
      const finding = findingFor(document, validation, diagnostic);
      if (!finding) continue;
      for (const fix of finding.fixes) {
        if (fix.command === 'add-group-tags' && !options.settingsCommands) continue;
        actions.push(toQuickFix(document, diagnostic, fix, options.versioned));
      }
      const occurrence = EVERY_OCCURRENCE[finding.code];
      const own = bulkFix(finding);
      if (!occurrence || !own) continue;
      const group = `${finding.code}\u0000${occurrence.key(own)}`;
      if (everywhere.has(group)) {
        everywhere.get(group)?.diagnostics?.push(diagnostic);
        continue;
      }
      const action = fixEveryOccurrence(document, validation, finding.code, occurrence, own, options);
      everywhere.set(group, action);
      if (!action) continue;
      action.diagnostics = [diagnostic];
      actions.push(action);
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

/** Whether two ranges share a position (touching counts: a cursor at the end of a diagnostic is on it). */
function intersects(a: Range, b: Range): boolean {
  return !(before(a.end, b.start) || before(b.end, a.start));
}

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

/**
 * The finding behind a diagnostic: same code and same range in the latest validation. The findings are in file
 * order (compareFindings), so it is looked up by binary search.
 */
export function findingFor(document: TextDocument, validation: Validation, diagnostic: Diagnostic): Finding | undefined {
  const start = document.offsetAt(diagnostic.range.start);
  const end = document.offsetAt(diagnostic.range.end);
  const { findings } = validation;
  let low = 0;
  let high = findings.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    const finding = findings[middle] as Finding;
    if (finding.start < start || (finding.start === start && finding.end < end)) low = middle + 1;
    else high = middle;
  }
  for (let index = low; index < findings.length; index++) {
    const finding = findings[index] as Finding;
    if (finding.start !== start || finding.end !== end) return undefined;
    if (finding.code === diagnostic.code) return finding;
  }
  return undefined;
}

/** The safe preferred fix a finding would get in a bulk fix. */
function bulkFix(finding: Finding): Fix | undefined {
  return finding.fixes.find((fix) => fix.preferred && fix.safe && !fix.command && !fix.reencode && fix.edits.length > 0);
}

/** One action applying the bulk fix of every finding of `code` whose fix has the same key as `own`. */
function fixEveryOccurrence(
  document: TextDocument,
  validation: Validation,
  code: Code,
  occurrence: EveryOccurrence,
  own: Fix,
  options: CodeActionOptions,
): CodeAction | undefined {
  const key = occurrence.key(own);
  const fixes: Fix[] = [];
  for (const other of validation.findings) {
    if (other.code !== code) continue;
    const fix = bulkFix(other);
    if (fix && occurrence.key(fix) === key) fixes.push(fix);
  }
  const applicable = compatibleFixes(fixes);
  if (applicable.length < 2) return undefined;
  const edits: TextEdit[] = [];
  for (const fix of applicable) for (const edit of fix.edits) edits.push(edit);
  const action = CodeAction.create(occurrence.title(own, applicable.length), CodeActionKind.QuickFix);
  action.edit = workspaceEdit(document, edits, options.versioned);
  return action;
}

/**
 * Every safe fix, as one edit of the text: an ordinary change the user saves, or undoes. Removing a byte-order mark
 * is not a text edit: it needs the file written again, which the client offers and does only when the user says so.
 */
export function fixAllInFile(document: TextDocument, validation: Validation, options: CodeActionOptions): CodeAction | undefined {
  const text = document.getText();
  const result = fixAll(text, validation.sheet.encoding, validation.settings, undefined, options.token);
  if (options.token?.isCancellationRequested) return undefined;
  const edit = minimalEdit(text, result.text);
  if (!edit) return undefined;
  const action = CodeAction.create(l10n.t('Fix all Autopilot CSV problems'), FIX_ALL_KIND);
  action.edit = workspaceEdit(document, [edit], options.versioned);
  return action;
}
