// The rule catalogue (docs/rules.md): codes are public, never renamed or reused.
import type { Severity } from './types';

export interface RuleInfo {
  readonly severity: Severity;
  /**
   * One line for whoever reads this catalogue. No user sees it, so it stays English: the editor links each diagnostic to
   * its section of docs/rules.md, and docs/rules.de.md is the German catalogue.
   */
  readonly summary: string;
}

export const RULES = {
  'file-empty': { severity: 'error', summary: 'The file is empty: no header, no devices.' },
  'file-unreadable': {
    severity: 'error',
    summary: 'The command line could not read the path: missing, no permission, or a folder without CSV files.',
  },
  'file-not-csv': { severity: 'error', summary: 'The file is not CSV text: an Excel workbook or other binary data.' },
  // A hint: every untouched Get-WindowsAutopilotInfo file is UTF-16 and Intune takes it; a squiggle on each would be noise.
  'encoding-utf16': { severity: 'hint', summary: 'The file is UTF-16; the import docs ask for ANSI text.' },
  'encoding-bom': { severity: 'warning', summary: 'UTF-8 byte-order mark (Excel "CSV UTF-8").' },
  'non-ascii': { severity: 'warning', summary: 'A non-ASCII character in a cell.' },
  'control-character': { severity: 'error', summary: 'NUL or another control character inside the text.' },
  delimiter: { severity: 'error', summary: 'The file is separated by ";" or tab instead of ",".' },
  quotes: { severity: 'error', summary: 'A quotation mark: Autopilot CSV forbids quoting.' },
  'quoted-comma': { severity: 'error', summary: 'A quoted cell contains a comma, which cannot be written without quotes.' },
  'empty-row': { severity: 'warning', summary: 'A blank line or a line of only commas.' },
  'field-count': { severity: 'error', summary: 'A row has more or fewer fields than the header.' },
  whitespace: { severity: 'warning', summary: 'Leading or trailing spaces in a cell.' },
  'sample-row': { severity: 'error', summary: "A row left from Microsoft's sample or template file." },
  'no-devices': { severity: 'warning', summary: 'A header but no data rows.' },
  'row-limit': { severity: 'error', summary: 'More data rows than the target accepts.' },
  'header-unknown': { severity: 'error', summary: 'The header matches no known Autopilot format.' },
  'header-case': { severity: 'error', summary: 'A known column name with the wrong case or spacing.' },
  'header-misspelled': { severity: 'error', summary: 'A header cell close to a known column name.' },
  'column-order': { severity: 'error', summary: 'The known columns are not in canonical order.' },
  'column-unsupported': { severity: 'error', summary: 'A column the format does not take.' },
  'column-missing': { severity: 'error', summary: 'A required column is absent.' },
  'device-unidentified': { severity: 'error', summary: 'The row cannot identify a device for its format.' },
  'duplicate-hash': { severity: 'error', summary: 'The same hardware hash on two rows.' },
  'duplicate-serial': { severity: 'warning', summary: 'The same serial on two rows with different hashes.' },
  'redundant-tuple': { severity: 'info', summary: 'A Partner Center row has a hash and also manufacturer/model.' },
  'serial-scientific': { severity: 'error', summary: 'Serial number in scientific notation (mangled by Excel).' },
  'serial-leading-zeros': { severity: 'error', summary: 'Excel dropped the leading zeros of the serial number.' },
  'serial-mismatch': { severity: 'error', summary: 'The serial number differs from the one inside the hash.' },
  'serial-placeholder': { severity: 'warning', summary: 'A placeholder instead of a real serial number.' },
  'serial-invalid': { severity: 'error', summary: 'Control characters, "," or a quote in the serial number.' },
  'product-id-format': { severity: 'warning', summary: 'The Windows Product ID is not the 13-digit Product Key ID.' },
  'product-id-is-key': { severity: 'warning', summary: 'A 25-character product key instead of the Product Key ID.' },
  'product-id-scientific': { severity: 'error', summary: 'Product Key ID in scientific notation (Excel).' },
  'product-id-mismatch': { severity: 'warning', summary: 'The Product Key ID differs from the one inside the hash.' },
  'hash-base64': { severity: 'error', summary: 'The hardware hash is not valid base64.' },
  'hash-base64url': { severity: 'warning', summary: 'The hardware hash uses the base64url alphabet.' },
  'hash-magic': { severity: 'error', summary: 'Not an Autopilot 4K hardware hash (no OA magic).' },
  'hash-truncated': { severity: 'error', summary: 'The hardware hash is cut off before its checksum.' },
  'hash-structure': { severity: 'error', summary: 'The hardware hash records are corrupt.' },
  'hash-checksum': { severity: 'error', summary: 'The hardware hash checksum does not match: edited or corrupted.' },
  'hash-length': { severity: 'warning', summary: 'A valid hash of unusual length or with non-zero padding.' },
  'hash-missing-fields': { severity: 'error', summary: 'The hash lacks a serial number or manufacturer.' },
  'hash-no-tpm': { severity: 'warning', summary: 'The hash carries no TPM.' },
  'hash-virtual-machine': { severity: 'info', summary: 'The hash comes from a virtual machine.' },
  'tuple-mismatch': { severity: 'error', summary: 'Manufacturer or model differ from the values inside the hash.' },
  'group-tag-missing': { severity: 'warning', summary: 'A row has no group tag where one is expected.' },
  'group-tag-misspelled': { severity: 'error', summary: 'The group tag is close to, but not, a known tag.' },
  'group-tag-unknown': { severity: 'warning', summary: 'The group tag is not in the allow-list autopilot.groupTags.' },
  'group-tag-invalid': { severity: 'error', summary: 'The group tag can never work.' },
  'group-tag-mixed': { severity: 'info', summary: 'The rows carry several different group tags.' },
  'assigned-user-format': { severity: 'warning', summary: 'Assigned User is not of the form name@domain.tld.' },
  'upload-rejected': { severity: 'error', summary: 'Partner Center (or Intune) rejected the device.' },
  'upload-already-registered': { severity: 'info', summary: 'The device is already registered to this customer, in this batch.' },
  'upload-tag-not-applied': {
    severity: 'warning',
    summary: 'The device is already registered to this customer elsewhere: it was not added to this batch and keeps its group tag.',
  },
  'upload-pending': { severity: 'info', summary: 'Partner Center was still processing the device when the upload stopped waiting.' },
  'upload-not-sent': { severity: 'warning', summary: 'The upload stopped before the device was sent.' },
  'upload-no-result': { severity: 'warning', summary: "Partner Center's answer named no result for the device." },
} as const satisfies Record<string, RuleInfo>;

export type Code = keyof typeof RULES;

export const ALL_CODES = Object.keys(RULES) as Code[];

export function isCode(value: string): value is Code {
  return Object.prototype.hasOwnProperty.call(RULES, value);
}

/** Where a code is documented: one anchor per code in docs/rules.md. */
export const RULES_DOC_URL = 'https://github.com/autopilot-csv/autopilot-csv/blob/main/docs/rules.md';

export function ruleDocUrl(code: Code): string {
  return `${RULES_DOC_URL}#${code}`;
}
