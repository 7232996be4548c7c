// Per-document state the server owns: the encoding each file was decoded with, its settings, and the latest
// validation (code actions, hovers and lenses read it instead of validating again).
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { decodeBytes } from '../core/encoding';
import type { Encoding, Settings } from '../core/types';
import { validate, type Validation } from '../core/validate';

interface ValidatedVersion {
  version: number;
  validation: Validation;
}

export class DocumentStore {
  private readonly encodings = new Map<string, { encoding: Encoding; guessedUtf16: boolean }>();
  private readonly validations = new Map<string, ValidatedVersion>();
  private readonly settings = new Map<string, Promise<Partial<Settings>>>();
  /** Bumped whenever settings or an encoding change, so a validation begun before the change is not kept. */
  private generation = 0;

  constructor(private readonly loadSettings: (uri: string) => Promise<Partial<Settings>>) {}

  setEncoding(uri: string, encoding: Encoding): void {
    this.encodings.set(uri, { encoding, guessedUtf16: false });
    this.validations.delete(uri);
    this.generation++;
  }

  /** The encoding the client told us, else what the file's bytes on disk say, else UTF-8. */
  async encodingOf(uri: string): Promise<{ encoding: Encoding; guessedUtf16: boolean }> {
    const known = this.encodings.get(uri);
    if (known) return known;
    const sniffed = await sniffFileEncoding(uri);
    // The client may have told us while the file was being read: its word wins over our sniffing.
    const told = this.encodings.get(uri);
    if (told) return told;
    this.encodings.set(uri, sniffed);
    return sniffed;
  }

  settingsFor(uri: string): Promise<Partial<Settings>> {
    let settings = this.settings.get(uri);
    if (!settings) {
      settings = this.loadSettings(uri).catch(() => ({}));
      this.settings.set(uri, settings);
    }
    return settings;
  }

  clearSettings(): void {
    this.settings.clear();
    this.validations.clear();
    this.generation++;
  }

  remember(document: TextDocument, validation: Validation): void {
    this.validations.set(document.uri, { version: document.version, validation });
  }

  /** The validation of this exact version, computing it now if the last one is stale. */
  async current(document: TextDocument): Promise<Validation> {
    const cached = this.validations.get(document.uri);
    if (cached && cached.version === document.version) return cached.validation;
    const generation = this.generation;
    const { encoding, guessedUtf16 } = await this.encodingOf(document.uri);
    const settings = await this.settingsFor(document.uri);
    const validation = validate({ text: document.getText(), encoding, guessedUtf16, settings });
    if (generation === this.generation) this.remember(document, validation);
    return validation;
  }

  latest(uri: string): Validation | undefined {
    return this.validations.get(uri)?.validation;
  }

  forget(uri: string): void {
    this.encodings.delete(uri);
    this.validations.delete(uri);
    this.settings.delete(uri);
  }
}

async function sniffFileEncoding(uri: string): Promise<{ encoding: Encoding; guessedUtf16: boolean }> {
  if (!uri.startsWith('file:')) return { encoding: 'utf8', guessedUtf16: false };
  try {
    const bytes = await readFile(fileURLToPath(uri));
    const decoded = decodeBytes(bytes.subarray(0, 4096));
    return { encoding: decoded.encoding, guessedUtf16: decoded.guessedUtf16 ?? false };
  } catch {
    return { encoding: 'utf8', guessedUtf16: false };
  }
}
