// No English in a German run: every rule over the samples, the corpus and files broken in every way a rule family
// reports, in both languages. A German message must differ from its English one, be a German message of the bundle
// (with its placeholders filled), and hold no English words outside the values it quotes; codes, ranges and fixes
// stay the same. A message left unwrapped, or built from English fragments, fails here.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import german from '../../l10n/bundle.l10n.de.json';
import { convertFile, mergeFiles } from '../../server/src/core/conversion';
import { describeColumn, describeHash } from '../../server/src/core/describe';
import { describeGroupTag } from '../../server/src/core/groupTagDescription';
import { fileTagJudgement } from '../../server/src/core/groupTagPolicy';
import { decodeHardwareHash } from '../../server/src/core/hashDecoder';
import { summarizeHash } from '../../server/src/core/hashSummary';
import { useLocale } from '../../server/src/core/locale';
import { deviceList } from '../../server/src/core/rules/context';
import { decodeBytes } from '../../server/src/core/textCodec';
import type { Encoding, Finding, Settings } from '../../server/src/core/types';
import { validate } from '../../server/src/core/validate';
import {
  csvFile,
  INTUNE_HEADER,
  INTUNE_TAG_HEADER,
  INTUNE_USER_HEADER,
  intuneRow,
  MMD_HEADER,
  PARTNER_HEADER,
  testDevice,
} from './support/builders';

interface Input {
  name: string;
  text: string;
  encoding?: Encoding;
  guessedUtf16?: boolean;
  settings?: Partial<Settings>;
}

/** Files broken so that every rule family speaks, most of them in each of their sentences. */
function brokenInputs(): Input[] {
  const d = (index: number, overrides: Parameters<typeof testDevice>[1] = {}) => testDevice(index, overrides);
  const [a, b, c, e, f] = [d(1), d(2), d(3), d(4), d(5)];
  const zeros = d(6, { serialNumber: '00123456' });
  const pkid = d(7, { productKeyId: '3305490346983' });
  const noSerial = d(8, { serialNumber: '' });
  const noMaker = d(9, { manufacturer: '' });
  const noTpm = d(10, { tpm: false });
  const vm = d(11, { manufacturer: 'QEMU', model: 'Standard PC (Q35 + ICH9, 2009)', virtualMachine: 'qemu' });
  const placeholder = d(12, { serialNumber: 'SMBIOS_STRING_INDEX_0' });
  const lettered = d(34, { serialNumber: 'ABC123XY' });
  const oneZero = d(35, { serialNumber: '0123456' });
  const blank = d(36, { serialNumber: '', manufacturer: '' });
  const [noPkid, noPkid2, noPkid3] = [
    d(37, { productKeyId: undefined }),
    d(38, { productKeyId: undefined }),
    d(39, { productKeyId: undefined }),
  ];
  const hyperV = d(40, { virtualMachine: 'hyperv', manufacturer: 'Microsoft Corporation', model: 'Virtual Machine' });
  const virtualBox = d(41, { manufacturer: 'innotek GmbH', model: 'VirtualBox' });
  /** The hash with its first record's length (bytes 6-7) set: the records cannot be walked. */
  const firstRecordLength = (hash: string, length: number) => {
    const bytes = Buffer.from(hash, 'base64');
    bytes.writeUInt16LE(length, 6);
    return bytes.toString('base64');
  };
  const intune = (rows: string[], header = INTUNE_HEADER) => csvFile(header, rows);
  const withPkid = (device: typeof a, value: string) => [device.serialNumber, value, device.hash].join(',');
  const hashed = (device: typeof a, hash: string) => [device.serialNumber, '', hash].join(',');
  return [
    { name: 'empty', text: '' },
    { name: 'header only', text: `${INTUNE_HEADER}\r\n` },
    { name: 'unknown header', text: csvFile('Serial,Key,Blob', ['1,2,3']) },
    { name: 'missing column', text: csvFile('Device Serial Number,Hardware Hash', [`${a.serialNumber},${a.hash}`]) },
    { name: 'missing columns', text: csvFile('Manufacturer,Model', ['Lenovo,X1']) },
    { name: 'order, case, spaces, misspelling', text: csvFile('Hardware Hash, Device Serial Number ,windows product id,Grup Tag', []) },
    { name: 'legacy order id', text: csvFile(`${INTUNE_HEADER},OrderID`, [intuneRow(a, ['Tag'])]) },
    { name: 'legacy order id, Partner Center', text: csvFile(`${PARTNER_HEADER},OrderID`, [`${a.serialNumber},,${a.hash},,,Tag`]) },
    { name: 'unsupported columns', text: csvFile(`${INTUNE_HEADER},Device model,Colour`, [intuneRow(a, ['X1', 'red'])]) },
    { name: 'semicolons', text: csvFile(INTUNE_HEADER.replace(/,/g, ';'), [`${a.serialNumber};;${a.hash}`]) },
    { name: 'tabs', text: csvFile(INTUNE_HEADER.replace(/,/g, '\t'), [`${a.serialNumber}\t\t${a.hash}`]) },
    {
      name: 'structure',
      text: intune([
        `"${a.serialNumber}",,${a.hash}`,
        '',
        ',,',
        `${b.serialNumber},,${b.hash},extra`,
        ` ${c.serialNumber} ,,${c.hash}`,
        `${e.serialNumber},,`,
      ]),
    },
    { name: 'quoted comma', text: intune([`"${a.serialNumber},X",,${a.hash}`]) },
    { name: 'bom and characters', text: `\ufeff${intune([`${a.serialNumber}\u2013,,${a.hash}`, `${b.serialNumber}\u0001,,${b.hash}`])}` },
    { name: 'utf-16', text: intune([intuneRow(a)]), encoding: 'utf16le' },
    { name: 'utf-16 guessed', text: intune([intuneRow(a)]), encoding: 'utf16le', guessedUtf16: true },
    { name: 'utf-16 big-endian', text: intune([intuneRow(a)]), encoding: 'utf16be', guessedUtf16: true },
    {
      name: 'serial numbers',
      text: intune([
        `1.65208E+10,,${a.hash}`,
        `SMBIOS_STRING_INDEX_0,,${b.hash}`,
        `123456,,${zeros.hash}`,
        `${c.serialNumber.toLowerCase()},,${c.hash}`,
        `OTHER1234,,${e.hash}`,
        `${f.serialNumber},,${f.hash}`,
        `${f.serialNumber},,${d(13).hash}`,
        `,,${placeholder.hash}`,
        `XYZ,,${placeholder.hash}`,
        `${d(14).serialNumber}\u0007,,${d(14).hash}`,
      ]),
    },
    {
      name: 'serial number with a quote',
      text: intune([`${d(15).serialNumber}x"y,,${d(15).hash}`, `123456X,,${zeros.hash}`, `1.2E+5,,${d(16, { serialNumber: '' }).hash}`]),
    },
    {
      name: 'product ids',
      text: intune([
        withPkid(a, '3.3054E+12'),
        withPkid(b, 'ABCDE-ABCDE-ABCDE-ABCDE-ABCDE'),
        withPkid(c, '12345'),
        withPkid(pkid, '3305490346984'),
        withPkid(pkid, '3.3054E+12'),
        withPkid(pkid, 'ABCDE-ABCDE-ABCDE-ABCDE-ABCDE'),
        withPkid(pkid, '99'),
      ]),
    },
    {
      name: 'identity, Intune',
      text: intune([`,,${noSerial.hash}`, `${a.serialNumber},,`, ',3305490346983,', `,,${b.hash}`]),
    },
    {
      name: 'identity, Partner Center',
      text: csvFile(PARTNER_HEADER, [`${a.serialNumber},,,,`, `${b.serialNumber},,,Lenovo,`, ',,,,X1', ',,,,']),
    },
    { name: 'identity, Managed Desktop', text: csvFile(MMD_HEADER, ['Lenovo,,,', 'Lenovo,X1,,', ',,,']) },
    {
      name: 'tuples',
      text: csvFile(PARTNER_HEADER, [
        `${a.serialNumber},,${a.hash},${a.manufacturer.toUpperCase()}x,${a.model}`,
        `${b.serialNumber},,${b.hash},${b.manufacturer},${b.model}-other`,
        `${vm.serialNumber},,${vm.hash},${vm.manufacturer},Other model`,
      ]),
    },
    {
      name: 'duplicates',
      text: intune([intuneRow(a), intuneRow(a), `${a.serialNumber},3305490346983,${a.hash}`, intuneRow(b), `${b.serialNumber},,${c.hash}`]),
    },
    {
      name: 'hash defects',
      text: intune([
        hashed(a, `${a.hash.slice(0, 100)}!${a.hash.slice(101)}`),
        hashed(b, `${b.hash.slice(0, 100)}-${b.hash.slice(101)}`),
        hashed(c, `${c.hash.slice(0, 100)}-_+/${c.hash.slice(104)}`),
        hashed(e, `"${e.hash.slice(0, 2000)} ${e.hash.slice(2000)}"`),
        hashed(f, `"${f.hash.slice(0, 1000)} ${f.hash.slice(1000, 2000)}\r\n${f.hash.slice(2000)}"`),
        hashed(d(17), d(17).hash.slice(0, 1452)),
        hashed(d(18), d(18).hash.slice(0, 1451)),
        hashed(d(19), `QUJD${d(19).hash.slice(4)}`),
        hashed(d(20), `${d(20).hash.slice(0, 2000)}${d(20).hash[2000] === 'A' ? 'B' : 'A'}${d(20).hash.slice(2001)}`),
        hashed(d(21), `${d(21).hash}AAAA`),
        hashed(d(22), `${d(22).hash.slice(0, 3996)}AAA=AAAA`),
        hashed(d(23), `${d(23).hash.slice(0, 3996)}==AA`),
        hashed(d(24), d(24).hash.replace(/=+$/, '').slice(0, 3998)),
        hashed(d(25), d(25).hash.slice(0, 3997)),
        hashed(d(26), `${d(26).hash.slice(0, 3999)}B`),
        hashed(noMaker, noMaker.hash),
        hashed(noTpm, noTpm.hash),
        hashed(vm, vm.hash),
        hashed(hyperV, hyperV.hash),
        hashed(virtualBox, virtualBox.hash),
        hashed(d(42), firstRecordLength(d(42).hash, 2)),
        hashed(d(43), firstRecordLength(d(43).hash, 0xfff0)),
        hashed(d(27), `${d(27).hash.slice(0, 1500).replace(/\+/g, '-').replace(/\//g, '_')}`),
        hashed(d(28), `T0E${'A'.repeat(3997)}`),
      ]),
    },
    {
      name: 'group tags',
      text: intune(
        [
          intuneRow(a, ['Microsoft365Manged_Autopilot']),
          intuneRow(b, ['microsoft365managed autopilot']),
          intuneRow(c, ['X'.repeat(600)]),
          intuneRow(e, ['Microsoft365Managed_PowerUser-Shared']),
          intuneRow(f, ['']),
          intuneRow(d(29), ['SP001_STD01']),
          intuneRow(d(30), ['SP001_STD01']),
          intuneRow(d(31), ['SP001_STD1']),
          intuneRow(d(32), ['sp001_std01']),
          intuneRow(d(33), ['"Tag\u0001"']),
          intuneRow(d(41), ['Microsoft365Managed_SensitiveData-Shared']),
          intuneRow(d(42), ['Microsoft365Managed_PowerUser']),
        ],
        INTUNE_TAG_HEADER,
      ),
      settings: { requireGroupTag: true },
    },
    {
      name: 'group tags, allow-list',
      text: intune([intuneRow(a, ['Unlisted']), intuneRow(b, ['Listed']), intuneRow(c, ['']), intuneRow(e, ['Listd'])], INTUNE_TAG_HEADER),
      settings: {
        groupTags: ['Listed', 'Other'],
        onlyListedGroupTags: true,
        knownGroupTags: [{ tag: 'Unlisted', source: 'customer', detail: 'Contoso' }],
      },
    },
    { name: 'one other row tagged', text: intune([intuneRow(a, ['Tag-A']), intuneRow(b, [''])], INTUNE_TAG_HEADER) },
    { name: 'assigned user', text: intune([intuneRow(a, ['', 'not-a-user'])], INTUNE_USER_HEADER) },
    {
      name: 'sample rows',
      text: csvFile(PARTNER_HEADER, [
        'R9-ZNP67,123451234567,T0FzAQEAHAAAAAoA6AOCOgEABgBgW7EdzorHH3g,Microsoft Corporation,Surface Laptop',
        `SpiralOrbit,,${a.hash},,`,
        'Sample explained,,,,',
      ]),
    },
    {
      name: 'more serial numbers',
      text: intune([
        ` ${lettered.serialNumber.toLowerCase()},,${lettered.hash}`,
        `123456,,${oneZero.hash}`,
        `Default string,,${placeholder.hash}`,
        `"A,B",,`,
        `BAD\u0007,,`,
        `1.5E+7,,`,
        `,,${blank.hash}`,
        `   ,,${d(40).hash}`,
      ]),
    },
    {
      name: 'product ids without a PKID in the hash',
      text: intune([withPkid(noPkid, '3.3054E+12'), withPkid(noPkid2, 'ABCDE-ABCDE-ABCDE-ABCDE-ABCDE'), withPkid(noPkid3, '99')]),
    },
    {
      name: 'more columns',
      text: csvFile(`${INTUNE_HEADER},Manufacturer name,Model`, [intuneRow(a, ['Lenovo', 'X1'])]),
    },
    {
      name: 'missing Partner Center columns',
      text: csvFile('Device Serial Number,Manufacturer name,Device model', [`${a.serialNumber},Lenovo,X1`]),
    },
    { name: 'utf-16 big-endian with a mark', text: intune([intuneRow(a)]), encoding: 'utf16be' },
    {
      name: 'redundant tuple',
      text: csvFile(PARTNER_HEADER, [`${noMaker.serialNumber},,${noMaker.hash},Lenovo,`]),
    },
    {
      name: 'group tags with characters no CSV holds',
      text: intune([intuneRow(a, ['"Tag,X"']), intuneRow(b, ['"Tag""X"'])], INTUNE_TAG_HEADER),
    },
    { name: 'group tag the setting asks for', text: intune([intuneRow(a, [''])], INTUNE_TAG_HEADER), settings: { requireGroupTag: true } },
    {
      name: 'Intune to Partner Center notes',
      text: intune(
        [intuneRow(a, ['Tag-A', 'user@contoso.com']), intuneRow(b, ['', 'other@contoso.com']), intuneRow(c, ['', ''])],
        INTUNE_USER_HEADER,
      ),
    },
    { name: 'row limit', text: intune(Array.from({ length: 501 }, (_, index) => intuneRow(testDevice(100 + index)))) },
  ];
}

function corpusInputs(): Input[] {
  const files = [
    ...readdirSync('samples')
      .filter((name) => name.endsWith('.csv'))
      .map((name) => path.join('samples', name)),
    ...readdirSync(path.join('test', 'fixtures', 'corpus'))
      .filter((name) => name.endsWith('.csv'))
      .map((name) => path.join('test', 'fixtures', 'corpus', name)),
  ];
  return files.map((file) => {
    const decoded = decodeBytes(readFileSync(file));
    return { name: file, text: decoded.text, encoding: decoded.encoding, guessedUtf16: decoded.guessedUtf16 };
  });
}

function inLocale<T>(locale: 'en' | 'de', run: () => T): T {
  useLocale(locale);
  try {
    return run();
  } finally {
    useLocale('en');
  }
}

function findingsOf(input: Input): Finding[] {
  return validate({ text: input.text, encoding: input.encoding, guessedUtf16: input.guessedUtf16, settings: input.settings }).findings;
}

/** A German bundle value with its placeholders as wildcards: a message is German when one of these matches it whole. */
const GERMAN_TEMPLATES = Object.values(german as Record<string, string>).map(
  (value) => new RegExp(`^${value.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{\d+\}/g, '[\\s\\S]*')}$`),
);

/** English words no German sentence has; values a message quotes („…“, `…`, "…") are left out first. */
const ENGLISH_WORDS = /\b(the|is|are|and|of|with|has|have|not|from|to|this|again|does|cannot|it|its|be|than|no)\b/i;

function englishLeft(message: string): string | undefined {
  const withoutValues = message
    .replace(/„[^“]*“/g, '')
    .replace(/`[^`]*`/g, '')
    .replace(/"[^"]*"/g, '');
  return ENGLISH_WORDS.exec(withoutValues)?.[0];
}

/** Text with words a translation changes: not only values, names and numbers (`TPM 2.0`, `Wi-Fi \`…\` (PCI)`). */
function hasWords(text: string): boolean {
  const rest = text
    .replace(/„[^“]*“|`[^`]*`|"[^"]*"|\*\*[^*]*\*\*/g, '')
    .replace(/\b(Product Key ID|TPM|Wi-Fi|Ethernet|Bluetooth|PCI|BTH|USB|VMBUS|x64|x86|arm64|VM|Intune|Partner Center)\b/g, '');
  return /[A-Za-z]{2,}/.test(rest);
}

function assertGerman(text: string, english: string, what: string): void {
  assert.notEqual(text, english, `${what}: not translated: ${text}`);
  assert.ok(
    GERMAN_TEMPLATES.some((template) => template.test(text)),
    `${what}: no German message of l10n/bundle.l10n.de.json reads like this: ${text}`,
  );
  const word = englishLeft(text);
  assert.equal(word, undefined, `${what}: English word "${word}" in: ${text}`);
}

describe('no English in a German run', () => {
  after(() => useLocale('en'));
  const inputs = [...brokenInputs(), ...corpusInputs()];

  it('every rule finding, fix title and related text is German, with the codes, ranges and edits of the English run', () => {
    const codes = new Set<string>();
    let messages = 0;
    for (const input of inputs) {
      const english = inLocale('en', () => findingsOf(input));
      const germanFindings = inLocale('de', () => findingsOf(input));
      const shape = (finding: Finding) =>
        JSON.stringify({
          code: finding.code,
          severity: finding.severity,
          start: finding.start,
          end: finding.end,
          fixes: finding.fixes?.map((fix) => ({ edits: fix.edits, safe: fix.safe, preferred: fix.preferred, command: fix.command })),
          related: finding.related?.map((related) => [related.start, related.end]),
        });
      assert.deepEqual(germanFindings.map(shape), english.map(shape), input.name);
      for (const [index, finding] of germanFindings.entries()) {
        const en = english[index];
        if (!en) continue;
        const what = `${input.name}, ${finding.code}`;
        codes.add(finding.code);
        messages++;
        assertGerman(finding.message, en.message, what);
        for (const [fixIndex, fix] of (finding.fixes ?? []).entries())
          assertGerman(fix.title, en.fixes?.[fixIndex]?.title ?? '', `${what} fix`);
        for (const [relatedIndex, related] of (finding.related ?? []).entries()) {
          assertGerman(related.message, en.related?.[relatedIndex]?.message ?? '', `${what} related`);
        }
      }
    }
    // Every rule family spoke: all codes a file can carry (the upload-* codes come from Partner Center's answers).
    const fileCodes = [
      'file-empty',
      'encoding-utf16',
      'encoding-bom',
      'non-ascii',
      'control-character',
      'delimiter',
      'quotes',
      'quoted-comma',
      'empty-row',
      'field-count',
      'whitespace',
      'sample-row',
      'no-devices',
      'row-limit',
      'header-unknown',
      'header-case',
      'header-misspelled',
      'column-order',
      'column-unsupported',
      'column-missing',
      'device-unidentified',
      'duplicate-hash',
      'duplicate-serial',
      'serial-scientific',
      'serial-leading-zeros',
      'serial-mismatch',
      'serial-placeholder',
      'serial-invalid',
      'product-id-format',
      'product-id-is-key',
      'product-id-scientific',
      'product-id-mismatch',
      'hash-base64',
      'hash-base64url',
      'hash-magic',
      'hash-truncated',
      'hash-structure',
      'hash-checksum',
      'hash-length',
      'hash-missing-fields',
      'hash-no-tpm',
      'hash-virtual-machine',
      'tuple-mismatch',
      'group-tag-missing',
      'group-tag-misspelled',
      'group-tag-unknown',
      'group-tag-invalid',
      'group-tag-mixed',
      'assigned-user-format',
    ];
    assert.deepEqual(
      fileCodes.filter((code) => !codes.has(code)),
      [],
    );
    assert.ok(messages > 150, `${messages} messages`);
  });

  it('hovers, hash summaries and conversion notes are German for every cell of those files', () => {
    for (const input of inputs) {
      const run = () => {
        const validation = validate({
          text: input.text,
          encoding: input.encoding,
          guessedUtf16: input.guessedUtf16,
          settings: input.settings,
        });
        const texts: string[] = validation.sheet.headerCells.map((headerCell) => describeColumn(validation.sheet.format, headerCell));
        const { judgement, known } = fileTagJudgement(deviceList(validation.devices), validation.settings);
        for (const device of validation.devices) {
          const hash = device.values.hash ?? '';
          if (hash !== '') {
            const decoded = decodeHardwareHash(hash);
            texts.push(describeHash(decoded));
            // The label is the device's name and the status's short words: the status is judged.
            texts.push(summarizeHash(decoded).status);
          }
          if (device.cells.groupTag) texts.push(describeGroupTag(device.values.groupTag ?? '', judgement, known));
        }
        for (const to of ['intune', 'partner-center'] as const) {
          const conversion = convertFile(input.text, to);
          if ('error' in conversion) texts.push(conversion.error);
          else
            texts.push(
              ...conversion.notes,
              ...conversion.skipped.map((note) => note.message),
              ...conversion.incomplete.map((note) => note.message),
            );
        }
        const other = mergeFiles([
          { name: 'a.csv', text: input.text },
          { name: 'b.csv', text: csvFile(MMD_HEADER, ['Lenovo,X1,PF123,']) },
        ]);
        if ('error' in other) texts.push(other.error);
        const merge = mergeFiles([
          { name: 'a.csv', text: input.text },
          { name: 'b.csv', text: input.text },
        ]);
        if ('error' in merge) texts.push(merge.error);
        else texts.push(...merge.notes.map((note) => note.message));
        return texts;
      };
      const english = inLocale('en', run);
      const germanTexts = inLocale('de', run);
      assert.equal(germanTexts.length, english.length, input.name);
      for (const [index, text] of germanTexts.entries()) {
        const en = english[index] ?? '';
        // Labels and statuses of intact hashes are names and numbers in both languages (`HP EliteBook 840 G8 ✓ 4000`).
        // Markdown is built from several messages (a table of facts): each line, and each cell of a table, is judged.
        const enLines = en.split('\n');
        assert.equal(text.split('\n').length, enLines.length, `${input.name}: ${text}`);
        for (const [lineIndex, line] of text.split('\n').entries()) {
          const word = englishLeft(line);
          assert.equal(word, undefined, `${input.name}: English word "${word}" in a German description: ${line}\n(English: ${en})`);
          const enLine = enLines[lineIndex] ?? '';
          const cells = line.split(' | ');
          const enCells = enLine.split(' | ');
          for (const [cellIndex, cell] of cells.entries()) {
            if (cell === enCells[cellIndex] && hasWords(cell)) assert.fail(`${input.name}: not translated: ${cell}\n(in: ${text})`);
          }
        }
      }
    }
  });

  it('the command line checks the broken samples in German (--locale de), the same findings as in English', () => {
    const samples = readdirSync('samples')
      .filter((name) => name.startsWith('broken-'))
      .map((name) => path.join('samples', name));
    const env = { ...process.env, LC_ALL: '', LC_MESSAGES: '', LANG: 'C.UTF-8' };
    const check = (locale: string) => {
      const result = spawnSync(
        process.execPath,
        [path.resolve('dist/cli.js'), 'check', '--format', 'json', '--locale', locale, ...samples],
        {
          encoding: 'utf8',
          env,
        },
      );
      return JSON.parse(result.stdout) as Array<{ file: string; line: number; column: number; code: string; message: string }>;
    };
    const english = check('en');
    const germanFindings = check('de');
    assert.ok(english.length > 20, `${english.length} findings`);
    assert.deepEqual(
      germanFindings.map(({ file, line, column, code }) => `${file}:${line}:${column} ${code}`),
      english.map(({ file, line, column, code }) => `${file}:${line}:${column} ${code}`),
    );
    for (const [index, finding] of germanFindings.entries()) {
      assertGerman(finding.message, english[index]?.message ?? '', `${finding.file}:${finding.line} ${finding.code}`);
    }
  });
});
