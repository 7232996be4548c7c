// German beside English: every message the code writes is in the English bundle, and every bundle has a
// translation of each; the manifest's strings are all keys with a German value; what a translation must not
// change (placeholders, setting links, command links, URLs) it keeps.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { ALL_CODES } from '../../server/src/core/codes';
import { ENGLISH_BUNDLE, extractEnglishBundle, placeholders, readBundle, TRANSLATED_BUNDLES } from '../../scripts/lib/messageBundles';

const manifestText = readFileSync('package.json', 'utf8');
const englishManifest = JSON.parse(readFileSync('package.nls.json', 'utf8')) as Record<string, unknown>;
const germanManifest = JSON.parse(readFileSync('package.nls.de.json', 'utf8')) as Record<string, unknown>;

/** What must survive translation untouched: `#setting.id#` links, `command:` links, URLs, `{0}` placeholders. */
function untranslatable(text: string): string[] {
  const tokens = [
    ...text.matchAll(/#[a-zA-Z]+(?:\.[a-zA-Z]+)+#/g),
    ...text.matchAll(/\(command:[^)]*\)/g),
    ...text.matchAll(/https?:\/\/[^\s)]+/g),
    ...text.matchAll(/\{[^}\s"]+\}/g),
  ].map((match) => match[0].replace(/\.de\.md\b/, '.md').replace(/\/de\/([\w.]+\.md)$/, '/$1'));
  return tokens.sort();
}

describe('message bundles', () => {
  it('l10n/bundle.l10n.json holds exactly the messages the code writes (run `npm run l10n` after changing one)', async () => {
    const extracted = await extractEnglishBundle();
    assert.ok(Object.keys(extracted).length > 0);
    assert.deepEqual(JSON.parse(readFileSync(ENGLISH_BUNDLE, 'utf8')), extracted);
  });

  for (const [language, file] of Object.entries(TRANSLATED_BUNDLES)) {
    it(`${file} translates every message, and nothing the code no longer writes`, () => {
      const english = Object.keys(readBundle(ENGLISH_BUNDLE)).sort();
      const translated = readBundle(file);
      assert.deepEqual(
        english.filter((key) => !translated[key]?.trim()),
        [],
        `${language}: messages without a translation`,
      );
      assert.deepEqual(
        Object.keys(translated).filter((key) => !english.includes(key)),
        [],
        `${language}: translations of messages the code no longer has`,
      );
    });

    it(`${file} keeps each message's placeholders, links and URLs`, () => {
      const changed = Object.entries(readBundle(file)).filter(
        ([english, translated]) =>
          JSON.stringify(placeholders(english)) !== JSON.stringify(placeholders(translated)) ||
          JSON.stringify(untranslatable(english)) !== JSON.stringify(untranslatable(translated)),
      );
      assert.deepEqual(changed, []);
    });
  }
});

describe('the manifest in English and German', () => {
  const used = [...manifestText.matchAll(/"%([^"%]+)%"/g)].map((match) => match[1] ?? '');

  it('has every user-facing string of package.json as a key of package.nls.json, and no unused key', () => {
    assert.ok(used.length > 30);
    assert.deepEqual(
      used.filter((key) => !(key in englishManifest)),
      [],
    );
    assert.deepEqual(
      Object.keys(englishManifest).filter((key) => !used.includes(key)),
      [],
    );
    const manifest = JSON.parse(manifestText) as { contributes: { commands: { title: string; category: string }[] } };
    for (const command of manifest.contributes.commands) {
      assert.match(command.title, /^%[\w.]+%$/, 'command titles are localized');
      assert.equal(command.category, '%category%');
    }
  });

  it('uses only keys vsce can replace (letters, digits, `_` and `.`), as plain strings', () => {
    for (const [key, value] of Object.entries(englishManifest)) {
      assert.match(key, /^[\w.]+$/, key);
      assert.equal(typeof value, 'string', key);
    }
  });

  it('has a German value for every key, keeping setting links, command links, URLs and placeholders', () => {
    assert.deepEqual(Object.keys(germanManifest).sort(), Object.keys(englishManifest).sort());
    for (const [key, english] of Object.entries(englishManifest)) {
      const german = germanManifest[key];
      assert.equal(typeof german, 'string', key);
      assert.deepEqual(untranslatable(german as string), untranslatable(english as string), key);
    }
  });

  it('shows German walkthrough pages that exist beside the English ones', () => {
    const pages = Object.keys(englishManifest).filter((key) => key.endsWith('.page'));
    assert.equal(pages.length, 4);
    for (const key of pages) {
      const german = germanManifest[key] as string;
      assert.notEqual(german, englishManifest[key], key);
      assert.ok(existsSync(german), german);
      assert.ok(existsSync(englishManifest[key] as string), key);
    }
  });
});

describe('the rules setting', () => {
  it('lists every rule code, so the settings editor completes them, and no other', () => {
    const manifest = JSON.parse(manifestText) as {
      contributes: { configuration: { properties: Record<string, { properties?: Record<string, { enum: string[] }> }> } };
    };
    const rules = manifest.contributes.configuration.properties['autopilot.rules']?.properties ?? {};
    assert.deepEqual(Object.keys(rules).sort(), [...ALL_CODES].sort());
    for (const [code, schema] of Object.entries(rules)) assert.deepEqual(schema.enum, ['off', 'hint', 'info', 'warning', 'error'], code);
  });
});
