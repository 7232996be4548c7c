// Which open documents need the language server: it is started for the first one, not for every text or CSV file
// that activates the extension (`onLanguage:plaintext`, `onLanguage:csv`). A document in the Autopilot CSV language
// needs it; a CSV document (`csv` or `plaintext` language, `.csv` name: what the client's document selector syncs)
// needs it when its first line is an Autopilot header, judged as the server judges a header.
import { looksLikeAutopilot, parseSheet } from '../../server/src/core/sheet';
import { LANGUAGE_ID } from '../../server/src/protocol/extensionProtocol';

export interface DocumentFacts {
  languageId: string;
  /** The document's path (any scheme). */
  path: string;
  firstLine: string;
}

/** The language IDs under which a `.csv` file may be an Autopilot file the server checks (DOCUMENT_SELECTOR). */
const CSV_LANGUAGES = new Set(['csv', 'plaintext']);
/** More than any header: a first line this long is read only this far. */
const HEADER_LIMIT = 4096;

export function needsLanguageServer(document: DocumentFacts): boolean {
  if (document.languageId === LANGUAGE_ID) return true;
  if (!CSV_LANGUAGES.has(document.languageId) || !/\.csv$/i.test(document.path)) return false;
  return isAutopilotHeader(document.firstLine);
}

/** Whether a file's first line is an Autopilot header, judged as the server judges it. */
export function isAutopilotHeader(firstLine: string): boolean {
  return looksLikeAutopilot(parseSheet(firstLine.slice(0, HEADER_LIMIT), 'utf8'));
}
