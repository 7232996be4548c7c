// What the device table shows of the last upload of a document: a result per row, with the words the upload shows
// on that row (its Problems entry, or the hover of a registered row's check mark). The upload keeps its results
// tied to the rows by fingerprint (upload/uploadResultsView.ts): they follow their row through edits, and go with
// "Clear Upload Results"; the table reads them from there and redraws when they change.
import type * as vscode from 'vscode';
import type { RowUploadResult } from '../../webview/deviceTable/tableMessages';
import { uploadResultText, type RowResult } from '../upload/uploadResultsView';

export interface UploadResultSource {
  /** The results of the document's last upload, one per row that has one. */
  resultsFor(uri: vscode.Uri): RowUploadResult[];
  /** Fires with the documents whose results changed. */
  readonly onDidChange: vscode.Event<readonly vscode.Uri[]>;
}

/** The upload's results per document (the extension's `uploadResults`). */
export interface UploadResultsFeed {
  resultsFor(uri: vscode.Uri | string): RowResult[];
  readonly onDidChangeResults: vscode.Event<vscode.Uri>;
}

export function uploadResultsOf(feed: UploadResultsFeed): UploadResultSource {
  return {
    resultsFor: (uri) => feed.resultsFor(uri).map((row) => ({ line: row.line, status: row.result.status, message: uploadResultText(row) })),
    onDidChange: (listener, thisArgs, disposables) =>
      feed.onDidChangeResults(
        (uri) => {
          listener.call(thisArgs, [uri]);
        },
        undefined,
        disposables,
      ),
  };
}
