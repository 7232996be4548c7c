// What the device table shows of the last upload of a document: a result per row. The table reads it through
// `UploadResultSource`; today's source reads the upload's diagnostics (collection 'autopilot-csv-upload', codes
// upload-rejected and upload-already-registered), which is all the upload command keeps. A store of upload results
// kept per document can take its place by implementing the same two members.
import * as vscode from 'vscode';
import type { RowUploadResult } from '../../webview/deviceTable/tableMessages';

export interface UploadResultSource {
  /** The results of the document's last upload, one per row that has one. */
  resultsFor(uri: vscode.Uri): RowUploadResult[];
  /** Fires with the documents whose results changed. */
  readonly onDidChange: vscode.Event<readonly vscode.Uri[]>;
}

const STATUS_BY_CODE: Record<string, RowUploadResult['status']> = {
  'upload-rejected': 'rejected',
  'upload-already-registered': 'already-registered',
};

/** Upload results as the upload command leaves them: its diagnostics on the rejected and already-registered rows. */
export function uploadResultsFromDiagnostics(): UploadResultSource {
  return {
    resultsFor(uri) {
      const results: RowUploadResult[] = [];
      for (const diagnostic of vscode.languages.getDiagnostics(uri)) {
        const code = typeof diagnostic.code === 'object' ? String(diagnostic.code.value) : String(diagnostic.code ?? '');
        const status = STATUS_BY_CODE[code];
        if (status) results.push({ line: diagnostic.range.start.line, status, message: diagnostic.message });
      }
      return results;
    },
    onDidChange: (listener, thisArgs, disposables) =>
      vscode.languages.onDidChangeDiagnostics(
        (event) => {
          listener.call(thisArgs, event.uris);
        },
        undefined,
        disposables,
      ),
  };
}
