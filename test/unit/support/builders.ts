// Builders for rule tests: files made of synthetic devices with valid hashes, and helpers to find a finding,
// read what it covers and apply its fixes.
import { generateHardwareHash, syntheticDevice, type SyntheticDevice } from '../../../scripts/lib/hashGenerator';
import type { Finding, Fix, Settings, TextEdit } from '../../../server/src/core/types';
import { validate } from '../../../server/src/core/validate';

export const INTUNE_HEADER = 'Device Serial Number,Windows Product ID,Hardware Hash';
export const INTUNE_TAG_HEADER = `${INTUNE_HEADER},Group Tag`;
export const INTUNE_USER_HEADER = `${INTUNE_HEADER},Group Tag,Assigned User`;
export const PARTNER_HEADER = 'Device Serial Number,Windows Product ID,Hardware Hash,Manufacturer name,Device model';
export const MMD_HEADER = 'Manufacturer,Model,Serial Number,Hardware Hash';

export interface TestDevice extends SyntheticDevice {
  hash: string;
}

/** Synthetic device number `index`, with any values overridden, and its valid 4000-character hash. */
export function testDevice(index: number, overrides: Partial<SyntheticDevice> = {}): TestDevice {
  const device: SyntheticDevice = { ...syntheticDevice(index), ...overrides };
  return { ...device, hash: generateHardwareHash(device) };
}

/** `serial,productId,hash` as Get-WindowsAutopilotInfo writes it (Product ID empty). */
export function intuneRow(device: TestDevice, extra: readonly string[] = []): string {
  return [device.serialNumber, '', device.hash, ...extra].join(',');
}

/** A file: header, rows, CRLF line ends and a final CRLF (what Get-WindowsAutopilotInfo writes). */
export function csvFile(header: string, rows: readonly string[], lineEnding = '\r\n'): string {
  return [header, ...rows].join(lineEnding) + lineEnding;
}

/** An Intune file; rows given as arrays are joined with commas. */
export function intuneFile(rows: ReadonlyArray<string | readonly string[]>, header = INTUNE_HEADER): string {
  return csvFile(
    header,
    rows.map((row) => (typeof row === 'string' ? row : row.join(','))),
  );
}

export function findingsOf(text: string, settings?: Partial<Settings>): Finding[] {
  return validate({ text, settings }).findings;
}

export function codesOf(text: string, settings?: Partial<Settings>): string[] {
  return findingsOf(text, settings).map((finding) => finding.code);
}

/** The one finding with this code; fails the test when there is none or more than one. */
export function single(findings: readonly Finding[], code: string): Finding {
  const matching = findings.filter((finding) => finding.code === code);
  if (matching.length !== 1) {
    throw new Error(
      `expected exactly one ${code}, got ${matching.length}: ${findings.map((finding) => finding.code).join(', ') || 'no findings'}`,
    );
  }
  return matching[0] as Finding;
}

export function withCode(findings: readonly Finding[], code: string): Finding[] {
  return findings.filter((finding) => finding.code === code);
}

/** The text a finding covers. */
export function covered(text: string, finding: { start: number; end: number }): string {
  return text.slice(finding.start, finding.end);
}

/** 1-based file line of an offset (CRLF, LF and lone CR end a line). */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 10 || (code === 13 && text.charCodeAt(i + 1) !== 10)) line++;
  }
  return line;
}

/** Applies edits independently of the core's fix.ts, so fixes are checked against a second implementation. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  let result = '';
  let position = 0;
  for (const edit of sorted) {
    if (edit.start < position) throw new Error(`overlapping edits at ${edit.start}`);
    result += text.slice(position, edit.start) + edit.newText;
    position = edit.end;
  }
  return result + text.slice(position);
}

export function applyFix(text: string, fix: Fix | undefined): string {
  if (!fix) throw new Error('no fix');
  return applyEdits(text, fix.edits);
}

/** The finding's only fix, or its preferred one. */
export function theFix(finding: Finding): Fix {
  const fix = finding.fixes.length === 1 ? finding.fixes[0] : finding.fixes.find((candidate) => candidate.preferred);
  if (!fix) throw new Error(`${finding.code} has no single or preferred fix (${finding.fixes.length} fixes)`);
  return fix;
}

/** Errors and warnings only: what a clean file must not have. */
export function problems(findings: readonly Finding[]): Finding[] {
  return findings.filter((finding) => finding.severity === 'error' || finding.severity === 'warning');
}
