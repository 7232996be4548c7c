// Pure conversions between core findings/fixes and LSP objects.
import {
  CodeAction,
  CodeActionKind,
  DiagnosticSeverity,
  type Diagnostic,
  type Range,
  type TextEdit as LspTextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { ruleDocUrl } from '../core/codes';
import type { Finding, Fix, Severity, TextEdit } from '../core/types';
import { ClientCommands, SOURCE } from '../protocol/extensionProtocol';

const SEVERITIES: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toRange(document: TextDocument, start: number, end: number): Range {
  return { start: document.positionAt(start), end: document.positionAt(end) };
}

export function toDiagnostic(document: TextDocument, finding: Finding): Diagnostic {
  const diagnostic: Diagnostic = {
    range: toRange(document, finding.start, finding.end),
    severity: SEVERITIES[finding.severity],
    code: finding.code,
    codeDescription: { href: ruleDocUrl(finding.code) },
    source: SOURCE,
    message: finding.message,
  };
  if (finding.related && finding.related.length > 0) {
    diagnostic.relatedInformation = finding.related.map((related) => ({
      location: { uri: document.uri, range: toRange(document, related.start, related.end) },
      message: related.message,
    }));
  }
  return diagnostic;
}

export function toLspEdits(document: TextDocument, edits: readonly TextEdit[]): LspTextEdit[] {
  return edits.map((edit) => ({ range: toRange(document, edit.start, edit.end), newText: edit.newText }));
}

/**
 * Edits of one document. Versioned when the client supports it, so an edit computed for an older version of
 * the text is refused instead of landing on the wrong characters.
 */
export function workspaceEdit(document: TextDocument, edits: readonly TextEdit[], versioned: boolean): WorkspaceEdit {
  const lspEdits = toLspEdits(document, edits);
  if (!versioned) return { changes: { [document.uri]: lspEdits } };
  return { documentChanges: [{ textDocument: { uri: document.uri, version: document.version }, edits: lspEdits }] };
}

/** A quick fix for one finding; fixes that are commands (re-encode, split, add tags to settings) run on the client. */
export function toQuickFix(document: TextDocument, diagnostic: Diagnostic, fix: Fix, versioned = false): CodeAction {
  const action = CodeAction.create(fix.title, CodeActionKind.QuickFix);
  action.diagnostics = [diagnostic];
  if (fix.preferred) action.isPreferred = true;
  if (fix.edits.length > 0) action.edit = workspaceEdit(document, fix.edits, versioned);
  if (fix.reencode) {
    action.command = { title: fix.title, command: ClientCommands.saveAsUtf8, arguments: [document.uri] };
  } else if (fix.command === 'split-file') {
    action.command = { title: fix.title, command: ClientCommands.splitFile, arguments: [document.uri] };
  } else if (fix.command === 'add-group-tags') {
    action.command = { title: fix.title, command: ClientCommands.addGroupTags, arguments: [document.uri, fix.groupTags ?? []] };
  }
  return action;
}

/** One edit that turns `before` into `after`: the changed middle between their common prefix and suffix. */
export function minimalEdit(before: string, after: string): TextEdit | undefined {
  if (before === after) return undefined;
  let prefix = 0;
  const shorter = Math.min(before.length, after.length);
  while (prefix < shorter && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (suffix < shorter - prefix && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) {
    suffix++;
  }
  return { start: prefix, end: before.length - suffix, newText: after.slice(prefix, after.length - suffix) };
}
