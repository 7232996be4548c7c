// The language of the messages the core, the language server and the command line write. @vscode/l10n keeps the
// chosen bundle for the whole process, which is why this is the one setting that is not passed along: a process
// speaks one language for its life (the server its client's, from LSP `initialize`; the CLI its user's).
import * as l10n from '@vscode/l10n';
import german from '../../../l10n/bundle.l10n.de.json';

export type Locale = 'en' | 'de';

/** `de`, `de-DE`, `de-ch`, `de_DE.UTF-8` are German; anything else, or nothing, is English. */
export function localeFromTag(tag: string | undefined): Locale {
  return /^de(?:$|[-_.@])/i.test(tag?.trim() ?? '') ? 'de' : 'en';
}

/** The language POSIX programs use: LC_ALL, then LC_MESSAGES, then LANG (the first one set and not empty). */
export function localeFromEnvironment(env: Readonly<Record<string, string | undefined>>): Locale {
  const tag = [env['LC_ALL'], env['LC_MESSAGES'], env['LANG']].find((value) => value !== undefined && value !== '');
  return localeFromTag(tag);
}

/** Every message written from now on in this process is in `locale` (English for a key the bundle lacks). */
export function useLocale(locale: Locale): void {
  l10n.config({ contents: locale === 'de' ? german : {} });
}

/**
 * What `make` writes, in English, in a process that speaks `locale`: the client's log is pasted into support
 * tickets, and shares the upload's messages with what the user reads.
 */
export function inEnglish<T>(locale: Locale, make: () => T): T {
  if (locale === 'en') return make();
  useLocale('en');
  try {
    return make();
  } finally {
    useLocale(locale);
  }
}
