// Which documents the server speaks about: Autopilot CSV documents, and plain CSV documents whose header is an
// Autopilot header. Any other CSV gets no diagnostics, fixes, hovers or lenses: fix-all on save must never
// rewrite someone's unrelated spreadsheet.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { looksLikeAutopilot } from '../core/sheet';
import type { Validation } from '../core/validate';
import { LANGUAGE_ID } from '../protocol/extensionProtocol';

export function isAutopilotDocument(document: TextDocument, validation: Validation): boolean {
  return document.languageId === LANGUAGE_ID || looksLikeAutopilot(validation.sheet);
}
