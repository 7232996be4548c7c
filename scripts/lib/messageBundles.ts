// The message bundles (l10n/): the English one is what @vscode/l10n-dev extracts from the sources' `l10n.t` calls
// (client and server alike); every other language's bundle must have exactly its keys.
import { getL10nJson, type l10nJsonFormat } from '@vscode/l10n-dev';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

export const SOURCE_FOLDERS = ['client/src', 'server/src'];
export const ENGLISH_BUNDLE = 'l10n/bundle.l10n.json';
export const TRANSLATED_BUNDLES = { de: 'l10n/bundle.l10n.de.json' } as const;

function typeScriptFiles(folder: string): string[] {
  return readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => path.join(folder, file))
    .sort();
}

/** Sorted by key: the extractor's order follows the file walk, which says nothing about the messages. */
export function sortedBundle(bundle: l10nJsonFormat): l10nJsonFormat {
  return Object.fromEntries(Object.entries(bundle).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export async function extractEnglishBundle(root = '.'): Promise<l10nJsonFormat> {
  const files = SOURCE_FOLDERS.flatMap((folder) => typeScriptFiles(path.join(root, folder)));
  const bundle = await getL10nJson(files.map((file) => ({ extension: '.ts', contents: readFileSync(file, 'utf8') })));
  return sortedBundle(bundle);
}

export function readBundle(file: string): Record<string, string> {
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as l10nJsonFormat;
  return Object.fromEntries(Object.entries(parsed).map(([key, value]) => [key, typeof value === 'string' ? value : value.message]));
}

/** The `{0}`, `{name}` placeholders of a message, sorted: a translation must use the same ones. */
export function placeholders(message: string): string[] {
  return [...message.matchAll(/\{[^}\s]+\}/g)].map((match) => match[0]).sort();
}
