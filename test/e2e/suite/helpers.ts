// Helpers for the e2e suite that runs inside a real VS Code extension host (code-server here, desktop VS Code
// on laptops). Waiting is event-based: no fixed sleeps.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'autopilot-csv.autopilot-csv';
export const SOURCE = 'autopilot-csv';

/** Activates the extension under test (a no-op when it is already active) and returns it. */
export async function activateExtension(): Promise<vscode.Extension<unknown>> {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  if (!extension) {
    throw new Error(`extension ${EXTENSION_ID} is not loaded (is extensionDevelopmentPath the repository root?)`);
  }
  await extension.activate();
  return extension;
}

/** The fixtures folder: the opened workspace folder (test/e2e/workspace), else found relative to this file. */
export function fixturesFolder(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (folder) return folder.uri;
  // out/test/e2e/suite/helpers.js -> test/e2e/workspace
  return vscode.Uri.file(path.resolve(__dirname, '..', '..', '..', '..', 'test', 'e2e', 'workspace'));
}

export function fixtureUri(name: string): vscode.Uri {
  return vscode.Uri.joinPath(fixturesFolder(), ...name.split('/'));
}

/** Opens a fixture from the fixtures workspace in an editor (this is what triggers activation). */
export async function openFixture(name: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(fixtureUri(name));
  return vscode.window.showTextDocument(document, { preview: false });
}

/** The diagnostic code as a string (VS Code allows `{ value, target }` too). */
export function diagnosticCode(diagnostic: vscode.Diagnostic): string | undefined {
  const code = diagnostic.code;
  if (code === undefined) return undefined;
  return typeof code === 'object' ? String(code.value) : String(code);
}

/** Diagnostics of the extension under test only. */
export function ownDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

function describe(diagnostics: readonly vscode.Diagnostic[]): string {
  if (diagnostics.length === 0) return '(none)';
  return diagnostics
    .map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} [${d.source ?? ''}] ${diagnosticCode(d) ?? ''}: ${d.message}`)
    .join('; ');
}

/**
 * Resolves with the diagnostics of `uri` as soon as `predicate` accepts them (checked now, then on every
 * `onDidChangeDiagnostics` event for that URI); rejects after `timeoutMs` with the last diagnostics seen.
 */
export function waitForDiagnostics(
  uri: vscode.Uri,
  predicate: (diagnostics: readonly vscode.Diagnostic[]) => boolean,
  timeoutMs = 30_000,
): Promise<vscode.Diagnostic[]> {
  const key = uri.toString();
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (error?: Error, diagnostics?: vscode.Diagnostic[]): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      subscription.dispose();
      if (error) reject(error);
      else resolve(diagnostics ?? []);
    };
    const check = (): void => {
      const diagnostics = vscode.languages.getDiagnostics(uri);
      let accepted = false;
      try {
        accepted = predicate(diagnostics);
      } catch (error) {
        finish(error instanceof Error ? error : new Error(String(error)));
        return;
      }
      if (accepted) finish(undefined, diagnostics);
    };
    // Subscribe before the first check so no change can slip between the two.
    const subscription = vscode.languages.onDidChangeDiagnostics((event) => {
      if (event.uris.some((changed) => changed.toString() === key)) check();
    });
    const timer = setTimeout(() => {
      finish(
        new Error(
          `timed out after ${timeoutMs} ms waiting for diagnostics on ${uri.fsPath}; last seen: ${describe(vscode.languages.getDiagnostics(uri))}`,
        ),
      );
    }, timeoutMs);
    check();
  });
}

/** A fresh temp folder for copies of fixtures that a test edits or needs unopened; `remove()` deletes it. */
export function tempFolder(prefix: string): { uri: vscode.Uri; remove(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `autopilot-csv-e2e-${prefix}-`));
  return { uri: vscode.Uri.file(dir), remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Copies a fixture byte for byte into `folder` under a name never used before in this run. A new URI matters: VS
 * Code keeps a document open after its editor closes, and the first publication of diagnostics (below) can only be
 * awaited for a document the language server has not seen yet.
 */
let copies = 0;
export function copyFixture(name: string, folder: vscode.Uri): vscode.Uri {
  const target = vscode.Uri.joinPath(folder, `${++copies}-${path.basename(name)}`);
  fs.copyFileSync(fixtureUri(name).fsPath, target.fsPath);
  return target;
}

/**
 * Opens `uri` in an editor and resolves with its diagnostics once they were published the first time. An empty
 * list is an answer too ("no problem here"), which waiting for a predicate on the diagnostics cannot tell apart
 * from "not checked yet": the first change event for a URI never opened before is the language server's answer.
 */
export async function openAndWaitForPublication(
  uri: vscode.Uri,
  timeoutMs = 30_000,
): Promise<{ editor: vscode.TextEditor; diagnostics: vscode.Diagnostic[] }> {
  const key = uri.toString();
  if (vscode.workspace.textDocuments.some((document) => document.uri.toString() === key)) {
    throw new Error(`${uri.fsPath} is already open: its first publication may be over (use copyFixture)`);
  }
  let subscription: vscode.Disposable | undefined;
  let timer: NodeJS.Timeout | undefined;
  const published = new Promise<vscode.Diagnostic[]>((resolve, reject) => {
    subscription = vscode.languages.onDidChangeDiagnostics((event) => {
      if (event.uris.some((changed) => changed.toString() === key)) resolve(vscode.languages.getDiagnostics(uri));
    });
    timer = setTimeout(() => reject(new Error(`no diagnostics were published for ${uri.fsPath} within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    const document = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(document, { preview: false });
    return { editor, diagnostics: await published };
  } finally {
    subscription?.dispose();
    clearTimeout(timer);
  }
}

/** Applies `edit` and resolves once `document` shows it (its change event may trail the edit's promise). */
export async function applyEdit(document: vscode.TextDocument, edit: vscode.WorkspaceEdit): Promise<void> {
  const before = document.version;
  let subscription: vscode.Disposable | undefined;
  const changed = new Promise<void>((resolve) => {
    subscription = vscode.workspace.onDidChangeTextDocument((event) => {
      if (event.document === document) resolve();
    });
  });
  try {
    assert.equal(await vscode.workspace.applyEdit(edit), true, 'VS Code applied the edit');
    if (document.version === before) await changed;
  } finally {
    subscription?.dispose();
  }
}

/** The code actions VS Code's code-action API offers on `range` (what the light bulb lists), as CodeAction objects. */
export async function codeActionsAt(uri: vscode.Uri, range: vscode.Range, kind?: string): Promise<vscode.CodeAction[]> {
  const actions = await vscode.commands.executeCommand<Array<vscode.CodeAction | vscode.Command>>(
    'vscode.executeCodeActionProvider',
    uri,
    range,
    kind,
  );
  return (actions ?? []).filter(
    (action): action is vscode.CodeAction => 'title' in action && !('command' in action && typeof action.command === 'string'),
  );
}

/** Lines of a text split on CRLF or LF, with the line endings found (to rebuild the text exactly). */
export function splitLines(text: string): { lines: string[]; eol: string } {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text.split(eol);
  if (lines.at(-1) === '') lines.pop(); // the final line ending
  return { lines, eol };
}

/**
 * Closes the editor of `document` and drops its unsaved changes, as "Revert and Close" does: a test that edited a
 * copy leaves nothing dirty behind (closing a dirty editor would ask whether to save it).
 */
export async function revertAndClose(document: vscode.TextDocument): Promise<void> {
  await vscode.window.showTextDocument(document, { preview: false });
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
}
