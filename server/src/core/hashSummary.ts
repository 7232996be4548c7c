// A hardware hash in a few words: whose device it is and whether it can be registered. The editor shows it in
// place of the 4,000 characters of a hash cell (`⟨HP EliteBook 840 G8 ✓ 4000⟩`), and a device table can list it per
// row. No serial number: devices of one model and verdict share one summary. Works on what validation decoded
// (`detail: 'rules'` is enough).
import * as l10n from '@vscode/l10n';
import { COMPLETE_HASH_TEXT_LENGTH, type DecodedHash, type HashDefect } from './hashDecoder';

/**
 * `intact`: the checksum verifies and nothing needs a look; `attention`: it verifies but something does;
 * `damaged`: it cannot be registered as it is.
 */
export type HashVerdict = 'intact' | 'attention' | 'damaged';

export interface HashSummary {
  verdict: HashVerdict;
  /** What is wrong or notable, in a few words (`checksum does not match`, `virtual machine`); empty when intact. */
  status: string;
  /** The device as a person names it: `HP EliteBook 840 G8`, `LENOVO 21G2001VUS`; empty when the hash names none. */
  device: string;
  manufacturer?: string;
  model?: string;
  /** Characters of the hash text. */
  length: number;
  /**
   * The short label that stands for the cell: `⟨HP EliteBook 840 G8 ✓ 4000⟩`, `⟨QEMU Standard PC ⚠ VM, no TPM⟩`,
   * `⟨Microsoft Surface Laptop ✗ cut off · 1452⟩`.
   */
  label: string;
}

const MARKS: Record<HashVerdict, string> = { intact: '✓', attention: '⚠', damaged: '✗' };
/** Long enough for the models partners see; the label must leave room for the cells after it at 1400 pixels. */
const MAX_DEVICE_LENGTH = 28;

/** A defect in a few words, in the user's language (only hashes with a defect ask). */
function defectWords(kind: HashDefect['kind']): string {
  switch (kind) {
    case 'invalid-character':
    case 'data-after-padding':
      return l10n.t('not base64');
    case 'mixed-alphabets':
      return l10n.t('mixed base64 alphabets');
    case 'spaces':
      return l10n.t('spaces inside');
    case 'url-alphabet':
      return l10n.t('base64url alphabet');
    case 'wrong-padding':
      return l10n.t('wrong padding');
    case 'no-magic':
      return l10n.t('not a hardware hash');
    case 'truncated':
      return l10n.t('cut off');
    case 'broken-records':
      return l10n.t('corrupt records');
    case 'no-checksum-record':
      return l10n.t('no checksum');
    case 'checksum-mismatch':
      return l10n.t('checksum does not match');
  }
}

export function summarizeHash(hash: DecodedHash): HashSummary {
  const { fields } = hash;
  const manufacturer = fields.manufacturer?.trim() || undefined;
  const model = fields.model?.trim() || undefined;
  const { verdict, notes } = judge(hash, fields.serialNumber?.trim() || undefined, manufacturer);
  const device = deviceName(manufacturer, model);
  // The length is what an intact hash shows; otherwise only when it is not the usual one.
  const length = verdict === 'intact' || hash.textLength !== COMPLETE_HASH_TEXT_LENGTH ? String(hash.textLength) : '';
  const said = notes.map((note) => note.short).join(', ');
  const words = [device, MARKS[verdict], said === '' ? length : [said, length].filter(Boolean).join(' · ')];
  const summary: HashSummary = {
    verdict,
    status: notes.map((note) => note.long).join(', '),
    device,
    length: hash.textLength,
    label: `⟨${words.filter((word) => word !== '').join(' ')}⟩`,
  };
  if (manufacturer) summary.manufacturer = manufacturer;
  if (model) summary.model = model;
  return summary;
}

/** A note in the words of the hover and the table (`long`) and of the label, which must stay short. */
interface Note {
  long: string;
  short: string;
}

const note = (long: string, short = long): Note => ({ long, short });

function judge(
  hash: DecodedHash,
  serialNumber: string | undefined,
  manufacturer: string | undefined,
): { verdict: HashVerdict; notes: Note[] } {
  // Fields of a hash whose checksum fails prove nothing: the defect is all there is to say.
  if (!hash.checksumVerified)
    return { verdict: 'damaged', notes: [note(hash.defect ? defectWords(hash.defect.kind) : l10n.t('not verified'))] };
  const notes: Note[] = [];
  // A text defect on a verifying hash is one a repair removes (spaces, padding, alphabet).
  if (hash.defect) notes.push(note(defectWords(hash.defect.kind)));
  if (!serialNumber || !manufacturer) notes.push(note(serialNumber ? l10n.t('no manufacturer') : l10n.t('no serial number')));
  if (hash.virtualMachineSignals.length > 0) notes.push(note(l10n.t('virtual machine'), l10n.t('VM')));
  if (!hash.fields.hasTpm) notes.push(note(l10n.t('no TPM')));
  if (hash.unusualLength) notes.push(note(l10n.t('unusual length')));
  return { verdict: notes.length === 0 ? 'intact' : 'attention', notes };
}

/**
 * The model, led by the maker's first word when the model does not name it (`LENOVO 21G2001VUS`, `Microsoft Surface
 * Laptop`), without HP's `Notebook PC` tail and screen size (`HP EliteBook 650 15.6 inch G10` is `HP EliteBook 650
 * G10`), shortened with an ellipsis past MAX_DEVICE_LENGTH.
 */
function deviceName(manufacturer: string | undefined, model: string | undefined): string {
  const maker = manufacturer?.split(/[\s,]/)[0] ?? '';
  const shortModel = (model ?? '').replace(/\s+(Notebook|Desktop) PC$/i, '').replace(/\s+\d+(\.\d+)?\s?(inch|in\b|")/i, '');
  const named = maker !== '' && !shortModel.toLowerCase().includes(maker.toLowerCase()) ? `${maker} ${shortModel}`.trim() : shortModel;
  return named.length > MAX_DEVICE_LENGTH ? `${named.slice(0, MAX_DEVICE_LENGTH - 1).trimEnd()}…` : named;
}
