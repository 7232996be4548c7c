// The same broken file in German: the command line (--locale de, or LANG=de_DE) and the language server (a client
// whose display language is German) report the same codes at the same places, with German messages and fixes.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import type { CodeAction, CompletionList, Diagnostic, Hover, MarkupContent } from 'vscode-languageserver';
import { generateHardwareHash, syntheticDevice } from '../../scripts/lib/hashGenerator';
import { localeFromEnvironment, localeFromTag } from '../../server/src/core/locale';
import { startTestClient } from './support/lspClient';

const CLI = path.resolve('dist/cli.js');
const HEADER = 'Device Serial Number,Windows Product ID,Hardware Hash,Group Tag';

/** A misspelled tag, spaces around a serial, a quoted cell, an empty line and a row with a field too many. */
function brokenFile(): string {
  const row = (index: number, tag: string) => {
    const device = syntheticDevice(index, 11);
    return `${device.serialNumber},,${generateHardwareHash(device, 11)},${tag}`;
  };
  const spaced = syntheticDevice(3, 11);
  return [
    HEADER,
    row(1, 'Microsoft365Managed_Autopilot'),
    row(2, 'Microsoft365Manged_Autopilot'),
    ` ${spaced.serialNumber} ,,${generateHardwareHash(spaced, 11)},"Microsoft365Managed_Kiosk"`,
    '',
    `${row(4, 'Microsoft365Managed_Autopilot')},extra`,
    '',
  ].join('\r\n');
}

interface CliFinding {
  line: number;
  column: number;
  code: string;
  severity: string;
  message: string;
}

function check(file: string, args: readonly string[], env: NodeJS.ProcessEnv) {
  const result = spawnSync(process.execPath, [CLI, 'check', ...args, file], { encoding: 'utf8', env });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const ENGLISH_ENV = { ...process.env, LC_ALL: '', LC_MESSAGES: '', LANG: 'C.UTF-8' };
const GERMAN_ENV = { ...process.env, LC_ALL: '', LC_MESSAGES: '', LANG: 'de_DE.UTF-8' };

describe('the command line in German', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'autopilot-german-'));
  const file = path.join(dir, 'broken.csv');
  writeFileSync(file, brokenFile());

  it('reports the same codes at the same places as in English, with German messages (--locale de)', () => {
    const english = check(file, ['--format', 'json'], ENGLISH_ENV);
    const german = check(file, ['--format', 'json', '--locale', 'de'], ENGLISH_ENV);
    assert.equal(german.code, english.code);
    const en = JSON.parse(english.stdout) as CliFinding[];
    const de = JSON.parse(german.stdout) as CliFinding[];
    assert.ok(en.length >= 5, english.stdout);
    const where = (finding: CliFinding) => `${finding.line}:${finding.column} ${finding.severity} ${finding.code}`;
    assert.deepEqual(de.map(where), en.map(where));
    for (const [index, finding] of de.entries()) assert.notEqual(finding.message, en[index]?.message, `${finding.code} is translated`);
    const misspelled = de.find((finding) => finding.code === 'group-tag-misspelled');
    assert.match(misspelled?.message ?? '', /Gruppentag/);
  });

  it('speaks the language of LANG (and LC_ALL over it), English for any other', () => {
    assert.match(check(file, [], GERMAN_ENV).stdout, /1 Datei geprüft: \d+ Fehler/);
    assert.match(check(file, [], { ...GERMAN_ENV, LC_ALL: 'en_US.UTF-8' }).stdout, /Checked 1 file: \d+ error\(s\)/);
    assert.match(check(file, [], { ...GERMAN_ENV, LANG: 'fr_FR.UTF-8' }).stdout, /Checked 1 file/);
    assert.match(check(file, ['--locale=en'], GERMAN_ENV).stdout, /Checked 1 file/);
  });

  it('refuses a language it does not have, in words', () => {
    const result = check(file, ['--locale', 'fr'], ENGLISH_ENV);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /--locale must be en or de, not "fr"/);
  });

  it('reads a language tag as POSIX and VS Code write it', () => {
    for (const tag of ['de', 'de-DE', 'de-ch', 'de_DE.UTF-8', 'de_AT@euro', 'DE']) assert.equal(localeFromTag(tag), 'de', tag);
    for (const tag of ['en', 'en-US', 'C', 'POSIX', 'dea', 'fr_DE', '', undefined]) assert.equal(localeFromTag(tag), 'en', String(tag));
    assert.equal(localeFromEnvironment({ LC_ALL: '', LC_MESSAGES: 'de_DE', LANG: 'en_US' }), 'de');
    assert.equal(localeFromEnvironment({ LC_ALL: 'C', LC_MESSAGES: 'de_DE' }), 'en');
  });
});

describe('the language server in German', () => {
  async function diagnosticsFor(locale: string): Promise<{ diagnostics: Diagnostic[]; actions: CodeAction[] }> {
    const client = await startTestClient({}, { locale });
    try {
      const uri = client.open('broken.csv', brokenFile());
      const diagnostics = await client.diagnostics(uri, (list) => list.length > 0);
      const misspelled = diagnostics.find((diagnostic) => diagnostic.code === 'group-tag-misspelled');
      assert.ok(misspelled);
      const actions = await client.codeActions(uri, misspelled.range, [misspelled]);
      return { diagnostics, actions };
    } finally {
      await client.stop();
    }
  }

  it('publishes the same codes at the same ranges for a German client, with German messages and fix titles', async () => {
    const english = await diagnosticsFor('en');
    const german = await diagnosticsFor('de-DE');
    const where = (diagnostic: Diagnostic) => `${JSON.stringify(diagnostic.range)} ${diagnostic.severity} ${String(diagnostic.code)}`;
    assert.deepEqual(german.diagnostics.map(where), english.diagnostics.map(where));
    for (const [index, diagnostic] of german.diagnostics.entries()) {
      assert.notEqual(diagnostic.message, english.diagnostics[index]?.message, `${String(diagnostic.code)} is translated`);
    }
    assert.deepEqual(
      german.actions.map((action) => action.title),
      ['Gruppentag in „Microsoft365Managed_Autopilot“ ändern'],
    );
    assert.match(english.actions[0]?.title ?? '', /^Change the group tag to "Microsoft365Managed_Autopilot"$/);
  });

  interface Explained {
    hashHover: string;
    headerHover: string;
    tagHover: string;
    completions: Array<{ label: string; detail: string | undefined }>;
  }

  async function explainedFor(locale: string): Promise<Explained> {
    const client = await startTestClient({}, { locale });
    try {
      const text = brokenFile();
      const uri = client.open('broken.csv', text);
      await client.diagnostics(uri, (list) => list.length > 0);
      const lines = text.split('\r\n');
      const firstRow = lines[1] ?? '';
      const hoverAt = async (line: number, character: number) => {
        const result = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line, character } });
        return (result?.contents as MarkupContent | undefined)?.value ?? '';
      };
      const hashColumn = firstRow.indexOf(',,') + 12;
      const completions = await client.request<CompletionList>('textDocument/completion', {
        textDocument: { uri },
        position: { line: 1, character: firstRow.length },
      });
      return {
        hashHover: await hoverAt(1, hashColumn),
        headerHover: await hoverAt(0, 2),
        tagHover: await hoverAt(1, firstRow.length - 2),
        completions: completions.items.map((item) => ({ label: item.label, detail: item.detail })),
      };
    } finally {
      await client.stop();
    }
  }

  it('explains a hash, a column and a group tag in German, and completes tags with German details', async () => {
    const english = await explainedFor('en');
    const german = await explainedFor('de');
    assert.match(english.hashHover, /\| Checksum \| verified: SHA-256/);
    assert.match(german.hashHover, /^\*\*Hardwarehash\*\* von /);
    for (const label of [
      'Prüfsumme',
      'Länge',
      'Virtueller Computer',
      'Seriennummer',
      'Hersteller',
      'Modell',
      'Windows-Build',
      'Netzwerkadapter',
    ]) {
      assert.match(german.hashHover, new RegExp(`\\| ${label} \\|`), label);
    }
    assert.match(german.hashHover, /\| Prüfsumme \| geprüft: SHA-256 über den \d+-Byte-Block stimmt \|/);
    assert.match(english.headerHover, /^\*\*Device Serial Number\*\* \(Intune format\)/);
    assert.match(
      german.headerHover,
      /^\*\*Device Serial Number\*\* \(Format „Intune“\)\n\nErforderliche Spalte; jede Zeile braucht einen Wert\./,
    );
    assert.match(german.tagHover, /^\*\*Gruppentag\*\* `Microsoft365Managed_Autopilot`/);
    assert.match(german.tagHover, /Eine dynamische Gerätegruppe wählt diese Geräte mit /);
    assert.doesNotMatch(german.tagHover, /\b(the|is|of|and)\b/);
    assert.deepEqual(
      german.completions.map((item) => item.label),
      english.completions.map((item) => item.label),
    );
    assert.ok(german.completions.length > 3);
    for (const [index, item] of german.completions.entries()) {
      assert.notEqual(item.detail, english.completions[index]?.detail, `${item.label}: ${item.detail}`);
    }
    assert.ok(
      german.completions.some((item) => item.detail === 'In 2 Zeilen dieser Datei verwendet'),
      JSON.stringify(german.completions),
    );
    assert.ok(german.completions.some((item) => /^Managed Desktop-Profil Standard \(beendet am 2024-07-31\)$/.test(item.detail ?? '')));
  });
});
