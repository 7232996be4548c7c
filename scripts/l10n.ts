// `npm run l10n`: writes the English message bundle from the sources (l10n/bundle.l10n.json) and says which
// messages a translated bundle lacks or still has after they left the code. The unit test l10n.test.ts fails
// on the same differences.
import { writeFileSync } from 'node:fs';
import { ENGLISH_BUNDLE, extractEnglishBundle, readBundle, TRANSLATED_BUNDLES } from './lib/messageBundles';

async function main(): Promise<void> {
  const english = await extractEnglishBundle();
  writeFileSync(ENGLISH_BUNDLE, `${JSON.stringify(english, undefined, 2)}\n`);
  console.log(`${ENGLISH_BUNDLE}: ${Object.keys(english).length} messages`);
  let incomplete = false;
  for (const [language, file] of Object.entries(TRANSLATED_BUNDLES)) {
    const translated = readBundle(file);
    const missing = Object.keys(english).filter((key) => !(key in translated));
    const stale = Object.keys(translated).filter((key) => !(key in english));
    for (const key of missing) console.log(`${language}: missing ${JSON.stringify(key)}`);
    for (const key of stale) console.log(`${language}: no longer in the code ${JSON.stringify(key)}`);
    incomplete ||= missing.length > 0 || stale.length > 0;
  }
  process.exitCode = incomplete ? 1 : 0;
}

void main();
