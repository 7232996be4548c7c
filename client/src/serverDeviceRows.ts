// The devices of an open document as the language server validated it: the upload sends what the Problems panel
// shows, from the server's one validation of the document, never from a second one in the client.
import type * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { DeviceRowsRequest } from '../../server/src/protocol/extensionProtocol';
import type { UploadValidation } from './commands/uploadToPartnerCenter';

/** Edits that arrive while the server answers make its rows stale: ask again, a few times at most. */
const ATTEMPTS = 5;

export function deviceRowsFromServer(client: LanguageClient, started: Promise<void>) {
  return async (document: vscode.TextDocument): Promise<UploadValidation> => {
    await started;
    for (let attempt = 1; ; attempt++) {
      const result = await client.sendRequest<DeviceRowsRequest.Result | null>(DeviceRowsRequest.method, {
        uri: client.code2ProtocolConverter.asUri(document.uri),
      });
      if (!result) return { errors: 0, warnings: 0, fixableErrors: 0, warningList: [], rows: [], format: 'unknown' };
      if (result.version === document.version || attempt === ATTEMPTS) {
        return {
          errors: result.errors,
          warnings: result.warnings,
          fixableErrors: result.fixableErrors,
          warningList: result.warningList,
          rows: result.rows,
          format: result.format ?? 'unknown',
        };
      }
    }
  };
}
