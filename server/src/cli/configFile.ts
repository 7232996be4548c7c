// The command line reads the editor's settings, so a pipeline and VS Code judge a file alike: `--config FILE` (a JSON
// object with the same `autopilot.*` keys as VS Code's settings), else the nearest `.vscode/settings.json` above each
// file. Both are JSON with comments (VS Code writes settings.json that way), read with jsonc-parser.
import { readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import * as l10n from '@vscode/l10n';
import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { settingsFromConfiguration, VALIDATION_SETTING_KEYS } from '../core/settings';
import type { FormatId, Settings } from '../core/types';
import { UsageError } from './arguments';

const PREFIX = 'autopilot.';

/** The extension's settings the checks do not read (sign-in, Partner Center): known, not warned about. */
const OTHER_KEYS = /^(signIn|partnerCenter)\./;

export interface SettingsFile {
  path: string;
  settings: Partial<Settings>;
}

/**
 * The settings of one file: `autopilot.*` keys read, values of the wrong type left out with a warning. `strict`
 * (--config) makes a file that is not readable JSON a usage error; a settings.json with an error is read as far as
 * it can be, as VS Code does.
 */
export function readSettingsFile(file: string, strict: boolean, warn: (message: string) => void): SettingsFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`${file}: ${l10n.t('cannot read the settings ({0})', (error as NodeJS.ErrnoException).code ?? String(error))}`);
  }
  const errors: ParseError[] = [];
  const value: unknown = parse(text, errors, { allowTrailingComma: true, allowEmptyContent: !strict });
  const first = errors[0];
  if (first) {
    const where = `${file}:${lineOf(text, first.offset)}: ${printParseErrorCode(first.error)}`;
    if (strict) throw new UsageError(`${where}: ${l10n.t('the settings file is not valid JSON')}`);
    warn(`${where}; ${l10n.t('its settings are read as far as they could be')}`);
  }
  if (value !== undefined && (typeof value !== 'object' || value === null || Array.isArray(value))) {
    if (strict) {
      throw new UsageError(
        `${file}: ${l10n.t('the settings must be a JSON object such as {0}', '{"autopilot.groupTags": ["SP001_STD01"]}')}`,
      );
    }
    warn(`${file}: ${l10n.t('not a JSON object; ignored')}`);
    return { path: file, settings: {} };
  }
  const section: Record<string, unknown> = {};
  const read: readonly string[] = VALIDATION_SETTING_KEYS;
  for (const [key, setting] of Object.entries((value ?? {}) as Record<string, unknown>)) {
    if (!key.startsWith(PREFIX)) {
      if (strict) warn(`${file}: ${l10n.t('"{0}" is not an autopilot.* setting; ignored', key)}`);
      continue;
    }
    const name = key.slice(PREFIX.length);
    if (read.includes(name)) section[name] = setting;
    else if (!OTHER_KEYS.test(name))
      warn(`${file}: ${l10n.t('unknown setting "{0}"; ignored (known: {1})', key, read.map((known) => PREFIX + known).join(', '))}`);
  }
  const settings = settingsFromConfiguration(section, (name, what) => warn(`${file}: "${PREFIX}${name}": ${what}`));
  return { path: file, settings };
}

function lineOf(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return `${line}:${offset - before.lastIndexOf('\n')}`;
}

/**
 * The settings for each file checked: the --config file's for all, else the nearest .vscode/settings.json above
 * the file (each read once), else none (the defaults).
 */
export class SettingsResolver {
  private readonly byDirectory = new Map<string, SettingsFile | undefined>();
  private readonly configured: SettingsFile | undefined;

  constructor(
    configPath: string | undefined,
    private readonly warn: (message: string) => void,
  ) {
    this.configured = configPath === undefined ? undefined : readSettingsFile(configPath, true, warn);
  }

  forFile(file: string): SettingsFile | undefined {
    return this.configured ?? this.nearest(path.dirname(path.resolve(file)));
  }

  private nearest(directory: string): SettingsFile | undefined {
    if (this.byDirectory.has(directory)) return this.byDirectory.get(directory);
    const candidate = path.join(directory, '.vscode', 'settings.json');
    const parent = path.dirname(directory);
    const found = isFile(candidate)
      ? readSettingsFile(candidate, false, this.warn)
      : parent === directory
        ? undefined
        : this.nearest(parent);
    this.byDirectory.set(directory, found);
    return found;
  }
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * The settings of each file for check and fix: its settings file's, with --target as the format. Says on stderr which
 * settings file a file is checked with, once per settings file.
 */
export function settingsFor(
  options: { config?: string; target?: FormatId },
  io: { stderr: (text: string) => void },
): (file: string) => Partial<Settings> {
  const resolver = new SettingsResolver(options.config, (message) => io.stderr(`autopilot-csv: ${message}\n`));
  const announced = new Set<string>();
  return (file) => {
    const source = resolver.forFile(file);
    if (source && !announced.has(source.path)) {
      announced.add(source.path);
      io.stderr(`autopilot-csv: ${l10n.t('settings from {0}', source.path)}\n`);
    }
    return { ...source?.settings, ...(options.target ? { format: options.target } : {}) };
  };
}
