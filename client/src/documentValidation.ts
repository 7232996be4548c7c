// Validates an open document with the same core and settings the server uses, for commands that need the
// findings and devices in the client (the upload checks the file first).
import * as vscode from 'vscode';
import { countBySeverity, deviceRecords, type DeviceRecord } from '../../server/src/core/devices';
import { settingsFromConfiguration } from '../../server/src/core/settings';
import { validate } from '../../server/src/core/validate';
import { SETTINGS_SECTION } from '../../server/src/lsp/protocol';
import { documentEncoding } from './languageClient';

export interface DocumentValidation {
  errors: number;
  warnings: number;
  rows: DeviceRecord[];
  format: string;
}

export async function validateDocument(document: vscode.TextDocument): Promise<DocumentValidation> {
  const settings = settingsFromConfiguration(vscode.workspace.getConfiguration(SETTINGS_SECTION, document.uri));
  const encoding = (await documentEncoding(document)) ?? 'utf8';
  const validation = validate({ text: document.getText(), encoding, settings });
  return { ...countBySeverity(validation), rows: deviceRecords(validation), format: validation.sheet.format ?? 'unknown' };
}
