// The Windows Product ID cell: it should hold the 13-digit Product Key ID (PKID) or nothing. Excel mangles
// it, people paste the product key instead, and it can disagree with the PKID inside the hardware hash.
import * as l10n from '@vscode/l10n';
import type { Fix } from '../types';
import type { DataRow, Emit, RuleContext } from './context';

const PKID = /^\d{13}$/;
/** What Excel's General format makes of a 13-digit number: `3.3054E+12`. */
const SCIENTIFIC_NOTATION = /^\d+(?:\.\d+)?E\+\d+$/i;
const PRODUCT_KEY = /^(?:[A-Z0-9]{5}-){4}[A-Z0-9]{5}$/i;

export function checkProductId(_ctx: RuleContext, device: DataRow, emit: Emit): void {
  const value = device.values.productId ?? '';
  const cell = device.cells.productId;
  // Empty is fine: Get-WindowsAutopilotInfo never fills it.
  if (value === '' || !cell) return;
  const span = { start: cell.start, end: cell.end };
  const hashPkid = device.hash?.fields.productKeyId?.trim() || undefined;
  const verified = device.hash?.checksumVerified === true;
  const fromHash = (safe: boolean): Fix[] =>
    hashPkid !== undefined && PKID.test(hashPkid)
      ? [
          {
            title: l10n.t('Take the Product Key ID from the hash ("{0}")', hashPkid),
            edits: [{ start: span.start, end: span.end, newText: hashPkid }],
            // A PKID read from a hash that does not verify is offered, never applied unasked.
            preferred: verified,
            safe: verified && safe,
          },
        ]
      : [];

  if (SCIENTIFIC_NOTATION.test(value)) {
    emit({
      code: 'product-id-scientific',
      ...span,
      message:
        hashPkid !== undefined
          ? l10n.t(
              'Windows Product ID "{0}" is in scientific notation: Excel turned the Product Key ID into a number and lost digits. The hardware hash carries the PKID "{1}".',
              value,
              hashPkid,
            )
          : l10n.t(
              'Windows Product ID "{0}" is in scientific notation: Excel turned the Product Key ID into a number and lost digits. Type the 13-digit PKID again from the box label, or leave the cell empty.',
              value,
            ),
      fixes: fromHash(true),
    });
    return;
  }

  if (PRODUCT_KEY.test(value)) {
    emit({
      code: 'product-id-is-key',
      ...span,
      message:
        hashPkid !== undefined
          ? l10n.t(
              'Windows Product ID "{0}" is a 25-character product key, not the 13-digit Product Key ID (PKID). Never distribute product keys: remove it from this file. The hardware hash carries the PKID "{1}".',
              value,
              hashPkid,
            )
          : l10n.t(
              'Windows Product ID "{0}" is a 25-character product key, not the 13-digit Product Key ID (PKID). Never distribute product keys: remove it from this file. Enter the PKID from the box label, or leave the cell empty.',
              value,
            ),
      fixes: fromHash(true),
    });
    return;
  }

  if (!PKID.test(value)) {
    emit({
      code: 'product-id-format',
      ...span,
      message:
        hashPkid !== undefined
          ? l10n.t(
              'Windows Product ID "{0}" is not a Product Key ID (PKID), which is 13 digits. The hardware hash carries the PKID "{1}".',
              value,
              hashPkid,
            )
          : l10n.t(
              'Windows Product ID "{0}" is not a Product Key ID (PKID), which is 13 digits. Enter the PKID from the box label, or leave the cell empty: it is optional when the row has a hardware hash.',
              value,
            ),
      fixes: fromHash(true),
    });
    return;
  }

  if (verified && hashPkid !== undefined && hashPkid !== value) {
    emit({
      code: 'product-id-mismatch',
      ...span,
      message: l10n.t(
        'Windows Product ID "{0}" differs from the Product Key ID inside the hardware hash, "{1}": the row may belong to another device, or the PKID was mistyped.',
        value,
        hashPkid,
      ),
      // A different 13-digit number may be another device's row: offered, not applied unasked.
      fixes: fromHash(false),
    });
  }
}
