// The real files of test/fixtures/corpus (provenance in its SOURCES.md) against the rule catalogue's expectations.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { decodeBytes } from '../../server/src/core/textCodec';
import type { Finding } from '../../server/src/core/types';
import { validate, type Validation } from '../../server/src/core/validate';
import { lineAt, problems } from './support/builders';

// Tests run from the repository root.
const CORPUS_DIR = path.resolve('test', 'fixtures', 'corpus');

function validateFile(file: string): { text: string; validation: Validation } {
  const decoded = decodeBytes(readFileSync(path.join(CORPUS_DIR, file)));
  return {
    text: decoded.text,
    validation: validate({ text: decoded.text, encoding: decoded.encoding, guessedUtf16: decoded.guessedUtf16 }),
  };
}

function codeSet(findings: readonly Finding[]): string[] {
  return [...new Set(findings.map((finding) => finding.code))].sort();
}

/**
 * Errors and warnings each Get-WindowsAutopilotInfo file may carry: only what its name implies. The VMware ARM64
 * file was captured with `-GroupTag SP001_STD01`, a customer's own tag: accepted, as any well-formed tag is.
 */
const GWAI_EXPECTED_PROBLEMS: Record<string, string[]> = {
  'gwai_utf16le_hp-elitebook-650-g10_win11-22h2.csv': [],
  'gwai_utf16le_hp-elitebook-840-g8_win11-24h2.csv': [],
  'gwai_utf16le_lenovo-thinkpad-p14s-gen5_3nics.csv': [],
  'gwai_utf16le_lenovo-thinkpad-x270_2018-script-v1x.csv': [],
  'gwai_utf16le_qemu-vm-no-tpm_blank-serial.csv': ['hash-no-tpm', 'serial-placeholder'],
  'gwai_utf16le_qemu-vm-vtpm_blank-serial.csv': ['serial-placeholder'],
  'gwai_utf16le_vmware-arm64-vm_with-group-tag.csv': [],
  'gwai_utf16le_vmware-x64-vm_serial-with-spaces_no-tpm.csv': ['hash-no-tpm'],
};

const VIRTUAL_MACHINES = new Set([
  'gwai_utf16le_qemu-vm-no-tpm_blank-serial.csv',
  'gwai_utf16le_qemu-vm-vtpm_blank-serial.csv',
  'gwai_utf16le_vmware-arm64-vm_with-group-tag.csv',
  'gwai_utf16le_vmware-x64-vm_serial-with-spaces_no-tpm.csv',
]);

describe('the real corpus', () => {
  const gwaiFiles = readdirSync(CORPUS_DIR)
    .filter((file) => file.startsWith('gwai_') && file.endsWith('.csv'))
    .sort();

  it('holds every Get-WindowsAutopilotInfo file these expectations cover', () => {
    assert.deepEqual(gwaiFiles, Object.keys(GWAI_EXPECTED_PROBLEMS).sort());
  });

  for (const file of gwaiFiles) {
    describe(file, () => {
      const { text, validation } = validateFile(file);

      it('has only the errors and warnings its name implies, on line 2', () => {
        const found = problems(validation.findings);
        assert.deepEqual(codeSet(found), GWAI_EXPECTED_PROBLEMS[file]);
        assert.ok(found.every((finding) => lineAt(text, finding.start) === 2));
      });

      it('is noted as UTF-16 (a hint: accepted as it is) and, when a VM, reported as a virtual machine (info)', () => {
        const notes = validation.findings.filter((finding) => finding.severity === 'info' || finding.severity === 'hint');
        assert.deepEqual(
          notes.map((finding) => `${finding.code}:${finding.severity}`).sort(),
          VIRTUAL_MACHINES.has(file) ? ['encoding-utf16:hint', 'hash-virtual-machine:info'] : ['encoding-utf16:hint'],
        );
      });

      it('has a hash that decodes and verifies', () => {
        assert.equal(validation.sheet.format, 'intune');
        assert.equal(validation.devices.length, 1);
        const hash = validation.devices[0]?.hash;
        assert.ok(hash);
        assert.equal(hash.defect, undefined);
        assert.equal(hash.checksumVerified, true);
        assert.equal(hash.textLength, 4000);
      });
    });
  }

  it('the blank-serial QEMU files report the placeholder at the empty serial cell of line 2', () => {
    for (const file of gwaiFiles.filter((name) => name.includes('blank-serial'))) {
      const { text, validation } = validateFile(file);
      const finding = validation.findings.find((found) => found.code === 'serial-placeholder');
      assert.ok(finding, file);
      assert.equal(lineAt(text, finding.start), 2);
      assert.equal(finding.start, finding.end);
      assert.match(finding.message, /SMBIOS_STRING_INDEX_0/);
    }
  });

  it('the Managed Desktop self-registration sample: hash-truncated on line 2 and encoding-bom', () => {
    const { text, validation } = validateFile('mmd-admin-portal-sample-self_utf8bom_truncated-hash.csv');
    assert.equal(validation.sheet.format, 'mmd-portal');
    const found = problems(validation.findings);
    assert.deepEqual(codeSet(found), ['encoding-bom', 'hash-truncated']);
    const truncated = found.find((finding) => finding.code === 'hash-truncated');
    assert.ok(truncated);
    assert.equal(lineAt(text, truncated.start), 2);
    assert.match(truncated.message, /1452 characters/);
  });

  it('the Managed Desktop partner tuple sample: sample-row on line 2, besides encoding-bom', () => {
    const { text, validation } = validateFile('mmd-admin-portal-sample-partner-tuple_utf8bom.csv');
    assert.equal(validation.sheet.format, 'mmd-portal');
    const found = problems(validation.findings);
    assert.deepEqual(codeSet(found), ['encoding-bom', 'sample-row']);
    assert.deepEqual(
      found.filter((finding) => finding.code === 'sample-row').map((finding) => lineAt(text, finding.start)),
      [2],
    );
  });

  it('the Partner Center sample (as reproduced by CIPP): header-case, encoding-bom, sample rows 2-4 and 8-11, empty rows 5-7', () => {
    const { text, validation } = validateFile('partner-center-sample-as-reproduced-by-cipp_utf8bom.csv');
    assert.equal(validation.sheet.format, 'partner-center');
    const { findings } = validation;
    assert.deepEqual(codeSet(findings), ['empty-row', 'encoding-bom', 'header-case', 'sample-row']);
    const linesOf = (code: string) => findings.filter((finding) => finding.code === code).map((finding) => lineAt(text, finding.start));
    assert.deepEqual(linesOf('sample-row'), [2, 3, 4, 8, 9, 10, 11]);
    assert.deepEqual(linesOf('empty-row'), [5, 6, 7]);
    assert.ok(linesOf('header-case').every((line) => line === 1));
    assert.deepEqual(linesOf('encoding-bom'), [1]);
  });
});
