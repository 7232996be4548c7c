// Helpers for the e2e suite that runs inside a real VS Code extension host (code-server here, desktop VS Code
// on laptops). Waiting is event-based: no fixed sleeps.
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
      finish(new Error(`timed out after ${timeoutMs} ms waiting for diagnostics on ${uri.fsPath}; last seen: ${describe(vscode.languages.getDiagnostics(uri))}`));
    }, timeoutMs);
    check();
  });
}
