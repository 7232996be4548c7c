// The devices the CLI uploads from a file: decoded and checked first, so a file with errors is never sent.
import * as l10n from '@vscode/l10n';
import { countBySeverity, deviceRecords, type DeviceRecord } from '../core/devices';
import { decodeBytes } from '../core/textCodec';
import { validate } from '../core/validate';

export function rowsFromFile(bytes: Uint8Array): DeviceRecord[] | { error: string } {
  const decoded = decodeBytes(bytes);
  const validation = validate({ text: decoded.text, encoding: decoded.encoding, guessedUtf16: decoded.guessedUtf16 ?? false });
  const { errors } = countBySeverity(validation);
  if (errors > 0) {
    return {
      error: l10n.t('the file has {0} error-level problem(s); run "autopilot-csv check" on it and fix them before uploading', errors),
    };
  }
  if (validation.devices.length === 0) return { error: l10n.t('the file has no devices to upload') };
  return deviceRecords(validation);
}
