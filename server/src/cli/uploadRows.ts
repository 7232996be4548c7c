// The devices the CLI uploads from a file: decoded and checked first, with the settings `check` would use (--config,
// else the nearest .vscode/settings.json), so a file with errors, or with group tags outside an allow-list, is never
// sent.
import * as l10n from '@vscode/l10n';
import { countBySeverity, deviceRecords, type DeviceRecord } from '../core/devices';
import { LineIndex } from '../core/lines';
import { decodeBytes } from '../core/textCodec';
import type { Settings } from '../core/types';
import { validate } from '../core/validate';

export function rowsFromFile(bytes: Uint8Array, settings: Partial<Settings> = {}): DeviceRecord[] | { error: string } {
  const decoded = decodeBytes(bytes);
  const validation = validate({ text: decoded.text, encoding: decoded.encoding, guessedUtf16: decoded.guessedUtf16 ?? false, settings });
  const { errors } = countBySeverity(validation);
  if (errors > 0) {
    return {
      error: l10n.t('the file has {0} error-level problem(s); run "autopilot-csv check" on it and fix them before uploading', errors),
    };
  }
  // An allow-list (autopilot.onlyListedGroupTags) says which tags may reach a customer's tenant. The editor shows such
  // rows and asks before it uploads them; the command line cannot ask, so it does not send them.
  const unlisted = validation.findings.filter((finding) => finding.code === 'group-tag-unknown');
  const first = unlisted[0];
  if (first) {
    const line = new LineIndex(decoded.text).positionAt(first.start).line + 1;
    return {
      error: l10n.t(
        '{0} row(s) have a group tag outside the allow-list, so nothing was uploaded; line {1}: {2}',
        unlisted.length,
        line,
        first.message,
      ),
    };
  }
  if (validation.devices.length === 0) return { error: l10n.t('the file has no devices to upload') };
  return deviceRecords(validation);
}
