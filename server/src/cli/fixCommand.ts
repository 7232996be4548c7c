// `autopilot-csv fix`: applies every safe fix; prints the fixed text of one file, or rewrites the files with --write
// (in their own encoding, byte-order mark or not, unless the encoding itself was what got fixed).
import * as l10n from '@vscode/l10n';
import { encodeText } from '../core/textCodec';
import { fixAll } from '../core/fix';
import type { FormatId, Settings } from '../core/types';
import { validate } from '../core/validate';
import { UsageError } from './arguments';
import type { CliIo } from './checkCommand';
import { settingsFor } from './configFile';
import { collectFiles, describeFileError, FileProblem, readInput, replaceFile } from './files';

export interface FixOptions {
  write: boolean;
  target?: FormatId;
  /** --config FILE; without it, each file's nearest .vscode/settings.json. */
  config?: string;
  paths: string[];
}

/** Exit 2 when a path could not be read or written, else 1 when errors are left, else 0. */
export async function runFix(options: FixOptions, io: CliIo): Promise<number> {
  const entries = await collectFiles(options.paths);
  // Several fixed files on standard output would run together into one text that is no CSV file.
  if (!options.write && entries.length > 1) {
    throw new UsageError(
      l10n.t(
        'fix prints the fixed file on standard output, so it takes one file (the paths given name {0}): give one FILE, or --write to fix the files in place',
        entries.length,
      ),
    );
  }
  const settingsOf = settingsFor(options, io);
  let errorsLeft = false;
  let problems = 0;
  for (const entry of entries) {
    try {
      if (entry instanceof FileProblem) throw entry;
      errorsLeft = (await fixFile(entry, options.write, settingsOf(entry), io)) || errorsLeft;
    } catch (error) {
      if (!(error instanceof FileProblem)) throw error;
      problems++;
      io.stderr(`${error.path}: ${error.message}\n`);
    }
  }
  return problems > 0 ? 2 : errorsLeft ? 1 : 0;
}

/** Fixes one file; says what it did only once it is done. Returns whether error-level findings are left. */
async function fixFile(file: string, write: boolean, settings: Partial<Settings>, io: CliIo): Promise<boolean> {
  const { decoded } = await readInput(file);
  const result = fixAll(decoded.text, decoded.encoding, settings);
  const remaining = validate({ text: result.text, encoding: result.encoding, settings }).findings;
  const fixedCodes = [...result.fixed.entries()].map(([code, count]) => `${code} x${count}`).join(', ');
  if (write && fixedCodes !== '') {
    // A UTF-16 file without a byte-order mark stays without one.
    const bytes = encodeText(result.text, result.encoding, decoded.guessedUtf16 === true && result.encoding === decoded.encoding);
    try {
      await replaceFile(file, bytes);
    } catch (error) {
      throw new FileProblem(
        file,
        'file-unreadable',
        l10n.t('cannot write the fixed file: {0}; the file is unchanged', describeFileError(error)),
      );
    }
  }
  const done =
    fixedCodes === ''
      ? l10n.t('nothing to fix automatically; {0} finding(s) left', remaining.length)
      : l10n.t('fixed {0}; {1} finding(s) left', fixedCodes, remaining.length);
  io.stderr(`${file}: ${done}\n`);
  if (!write) io.stdout(result.text);
  return remaining.some((finding) => finding.severity === 'error');
}
