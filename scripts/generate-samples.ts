// Writes the committed sample files in samples/: small, synthetic, each showing one family of problems
// (or none). Run: node scripts/run-ts.mjs scripts/generate-samples.ts
// Every damaged hash is checked against the decoder here, so a sample cannot silently stop showing its problem.
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { decodeHardwareHash } from '../server/src/core/hashDecoder';
import { generateHardwareHash, intuneCsv, INTUNE_HEADER, syntheticDevice, type SyntheticDevice } from './lib/hashGenerator';
import { hashDefectFinding, type HashDefectCode } from '../server/src/core/rules/hardwareHash';

const SAMPLES_DIR = path.resolve('samples');
const CRLF = '\r\n';
const UTF8_BOM = '\uFEFF';
/** A customer's own tag, as partners register devices now (Managed Desktop's tags ended with the service in 2024). */
const CUSTOMER_TAG = 'Contoso_Standard';
const PARTNER_CENTER_HEADER = 'Device Serial Number,Windows Product ID,Hardware Hash,Manufacturer name,Device model';

/** Each file gets its own seed so editing one sample does not change the others. */
const SEEDS = { intune: 101, partnerCenter: 202, columnsAndTags: 303, excel: 404, hashes: 505 } as const;

function devices(count: number, seed: number): SyntheticDevice[] {
  return Array.from({ length: count }, (_, index) => syntheticDevice(index, seed));
}

function hashOf(device: SyntheticDevice, seed: number): string {
  return generateHardwareHash(device, seed);
}

function csvFile(lines: readonly string[]): string {
  return lines.join(CRLF) + CRLF;
}

function expectProblem(hash: string, code: HashDefectCode | undefined, what: string): string {
  const found = hashDefectFinding(decodeHardwareHash(hash))?.code;
  if (found !== code) throw new Error(`${what}: expected ${code ?? 'no problem'}, the decoder says ${found ?? 'no problem'}`);
  return hash;
}

function cleanPartnerCenter(): string {
  const seed = SEEDS.partnerCenter;
  const [tupleOnly, ...withHash] = devices(5, seed);
  if (tupleOnly === undefined) throw new Error('no device for the tuple row');
  // Get-WindowsAutopilotInfo -Partner leaves Product ID and the tuple columns empty when it has the hash.
  const hashRows = withHash.map((device) => `${device.serialNumber},,${hashOf(device, seed)},,`);
  const tupleRow = `${tupleOnly.serialNumber},,,${tupleOnly.manufacturer},${tupleOnly.model}`;
  return csvFile([PARTNER_CENTER_HEADER, ...hashRows, tupleRow]);
}

function brokenColumnsAndTags(): string {
  const seed = SEEDS.columnsAndTags;
  // The customer's tag on most rows and what hands make of it: other case and separator (Fix All spells them as the
  // other rows do), a typo and a row left without a tag (each needs a decision, which a quick fix offers).
  const tags = [CUSTOMER_TAG, 'contoso_standard', CUSTOMER_TAG, 'Contoso-Standard', CUSTOMER_TAG, 'Contoso_Standrd', ''];
  const rows = devices(tags.length, seed).map(
    (device, index) => `${hashOf(device, seed)},${device.serialNumber},${device.productKeyId ?? ''},${tags[index] ?? ''}`,
  );
  return csvFile(['Hardware Hash,Device Serial Number,Windows Product ID,Group Tag', ...rows]);
}

function brokenExcelDamage(): string {
  const seed = SEEDS.excel;
  const [quoted, duplicated, trailingSpaces, leadingZero] = devices(4, seed);
  if (!quoted || !duplicated || !trailingSpaces || !leadingZero) throw new Error('too few devices');
  const leadingZeroDevice: SyntheticDevice = { ...leadingZero, serialNumber: `00${leadingZero.serialNumber.slice(2)}` };
  // 016520771357 is the serial of Microsoft's own published sample; Excel shows it as 1.65208E+10.
  const scientificSerialDevice: SyntheticDevice = {
    serialNumber: '016520771357',
    manufacturer: 'Microsoft Corporation',
    model: 'Surface Laptop',
    productKeyId: '3863475290001',
  };
  const scientificPkidDevice: SyntheticDevice = { ...syntheticDevice(1, seed + 1), productKeyId: '3305404812345' };
  const row = (
    device: SyntheticDevice,
    serialCell = device.serialNumber,
    pkidCell = device.productKeyId ?? '',
    tagCell = CUSTOMER_TAG,
  ): string => [serialCell, pkidCell, hashOf(device, seed), tagCell].join(',');
  const quotedRow = [quoted.serialNumber, quoted.productKeyId ?? '', hashOf(quoted, seed), CUSTOMER_TAG]
    .map((cell) => `"${cell}"`)
    .join(',');
  const lines = [
    `${INTUNE_HEADER},Group Tag`,
    quotedRow,
    row(leadingZeroDevice, leadingZeroDevice.serialNumber.replace(/^0+/, '')),
    row(scientificSerialDevice, '1.65208E+10'),
    row(scientificPkidDevice, scientificPkidDevice.serialNumber, '3.3054E+12'),
    row(trailingSpaces, `${trailingSpaces.serialNumber} `, trailingSpaces.productKeyId, `${CUSTOMER_TAG}  `),
    '',
    row(duplicated),
    row(duplicated),
  ];
  return UTF8_BOM + csvFile(lines);
}

function brokenHashes(): string {
  const seed = SEEDS.hashes;
  const [truncated, flipped, spaced, urlSafe, misaligned, neighbour, foreign] = devices(7, seed);
  if (!truncated || !flipped || !spaced || !urlSafe || !misaligned || !neighbour || !foreign) throw new Error('too few devices');

  const truncatedHash = expectProblem(hashOf(truncated, seed).slice(0, 1200), 'hash-truncated', 'truncated hash');
  const flippedBytes = Buffer.from(hashOf(flipped, seed), 'base64');
  const blockLength = flippedBytes.readUInt16LE(2);
  // A byte inside the last record (the graphics vendor text): the structure stays intact, only the checksum breaks.
  const flippedOffset = blockLength - 10;
  flippedBytes[flippedOffset] = (flippedBytes[flippedOffset] ?? 0) ^ 0x01;
  const flippedHash = expectProblem(flippedBytes.toString('base64'), 'hash-checksum', 'flipped byte');
  // What a hash looks like after a mail client or a web page wrapped it every 76 characters.
  const spacedHash = expectProblem(hashOf(spaced, seed).replace(/.{76}/g, '$& '), 'hash-base64', 'hash with spaces');
  const urlHash = expectProblem(hashOf(urlSafe, seed).replaceAll('+', '-').replaceAll('/', '_'), 'hash-base64url', 'base64url hash');
  const notAHash = expectProblem(
    Buffer.from('This text is not an Autopilot hardware hash.').toString('base64'),
    'hash-magic',
    'non-OA base64',
  );

  const lines = [
    INTUNE_HEADER,
    `${truncated.serialNumber},,${truncatedHash}`,
    `${flipped.serialNumber},,${flippedHash}`,
    `${spaced.serialNumber},,${spacedHash}`,
    `${urlSafe.serialNumber},,${urlHash}`,
    // The cell holds the next device's serial: rows pasted one line off.
    `${neighbour.serialNumber},,${expectProblem(hashOf(misaligned, seed), undefined, 'misaligned hash')}`,
    `${foreign.serialNumber},,${notAHash}`,
  ];
  return csvFile(lines);
}

const README = `# Samples

Synthetic Autopilot device files: every serial, product ID and hardware hash is made up (no real device),
generated by \`node scripts/run-ts.mjs scripts/generate-samples.ts\`. Edit that script, not these files.

- \`clean-intune.csv\` — Intune import format (UTF-8, CRLF, Group Tag ${CUSTOMER_TAG}): no error, no warning.
- \`clean-partner-center.csv\` — Partner Center format: hash rows with empty tuple columns and one tuple-only row; no finding.
- \`broken-columns-and-tags.csv\` — reordered columns and misspelled or missing group tags (the customer's own, \`${CUSTOMER_TAG}\`): what the walkthrough's "Try a Sample with Problems" opens.
- \`broken-excel-damage.csv\` — what Excel does: BOM, quotes, lost leading zeros, scientific serial and PKID, trailing spaces, a blank line, a duplicate row.
- \`broken-hashes.csv\` — truncated, edited (checksum), space-wrapped, base64url, non-Autopilot hashes, and a serial that differs from its hash.
`;

const files: Record<string, string> = {
  'clean-intune.csv': intuneCsv(5, { seed: SEEDS.intune, groupTag: CUSTOMER_TAG, lineEnding: CRLF }),
  'clean-partner-center.csv': cleanPartnerCenter(),
  'broken-columns-and-tags.csv': brokenColumnsAndTags(),
  'broken-excel-damage.csv': brokenExcelDamage(),
  'broken-hashes.csv': brokenHashes(),
  'README.md': README,
};

mkdirSync(SAMPLES_DIR, { recursive: true });
for (const [name, content] of Object.entries(files)) {
  writeFileSync(path.join(SAMPLES_DIR, name), content, 'utf8');
  console.log(`wrote samples/${name} (${Buffer.byteLength(content)} bytes)`);
}
