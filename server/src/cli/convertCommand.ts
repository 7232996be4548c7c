// `autopilot-csv convert --to partner-center|intune FILE`: prints the converted file; what changed, and the
// rows that could not be converted, go to stderr. `autopilot-csv merge [--output FILE] FILE|DIR...`: the devices of
// several files in one. `autopilot-csv split [--rows N] FILE`: the editor's Split File, as part files beside the
// file. Input files are never rewritten.
import { stat, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import * as l10n from '@vscode/l10n';
import { convertFile, mergeFiles, partFileName, splitFile, type ConversionTarget, type MergeInput } from '../core/conversion';
import { FORMATS } from '../core/formats';
import { parseSheet } from '../core/sheet';
import { encodeText } from '../core/textCodec';
import type { CliIo } from './checkCommand';
import { UsageError } from './arguments';
import { collectFiles, describeFileError, FileProblem, readInput } from './files';

export async function runConvert(options: { to: ConversionTarget; path: string }, io: CliIo): Promise<number> {
  const input = await readInput(options.path);
  const result = convertFile(input.decoded.text, options.to);
  if ('error' in result) {
    io.stderr(`${options.path}: ${result.error}\n`);
    return 2;
  }
  for (const note of result.notes) io.stderr(`${options.path}: ${note}\n`);
  for (const note of result.incomplete) io.stderr(`${options.path}:${note.line}: ${note.message}\n`);
  for (const note of result.skipped) io.stderr(`${options.path}:${note.line}: ${l10n.t('not converted: {0}', note.message)}\n`);
  const converted =
    result.skipped.length > 0
      ? l10n.t('converted {0} device(s), {1} row(s) not converted', result.devices, result.skipped.length)
      : l10n.t('converted {0} device(s)', result.devices);
  io.stderr(`${options.path}: ${converted}\n`);
  io.stdout(result.text);
  return result.skipped.length > 0 ? 1 : 0;
}

export function conversionTarget(value: string | undefined): ConversionTarget {
  if (value === 'partner-center' || value === 'intune') return value;
  throw new UsageError(l10n.t('convert needs --to partner-center or --to intune'));
}

/**
 * Exit 0 when every device is in the result, 1 when a row could not be written, 2 when nothing could be merged.
 * A path that cannot be read stops the merge (after every such path is named): a result without its devices
 * would look complete.
 */
export async function runMerge(options: { paths: string[]; output?: string }, io: CliIo): Promise<number> {
  const entries = await collectFiles(options.paths);
  const output = options.output;
  if (output !== undefined && entries.some((file) => typeof file === 'string' && path.resolve(file) === path.resolve(output))) {
    throw new UsageError(l10n.t('--output {0} is one of the files to merge: write the result to a new file', output));
  }
  const inputs: MergeInput[] = [];
  const problems: FileProblem[] = [];
  for (const entry of entries) {
    try {
      if (entry instanceof FileProblem) throw entry;
      const { decoded } = await readInput(entry);
      inputs.push({ name: entry, text: decoded.text, encoding: decoded.encoding });
    } catch (error) {
      if (!(error instanceof FileProblem)) throw error;
      problems.push(error);
    }
  }
  if (problems.length > 0) {
    for (const problem of problems) io.stderr(`${problem.path}: ${problem.message}\n`);
    const notMerged =
      problems.length === 1
        ? l10n.t('nothing merged: a path could not be read')
        : l10n.t('nothing merged: {0} paths could not be read', problems.length);
    io.stderr(`autopilot-csv: ${notMerged}\n`);
    return 2;
  }
  const result = mergeFiles(inputs);
  if ('error' in result) {
    io.stderr(`autopilot-csv: ${result.error}\n`);
    return 2;
  }
  for (const note of result.notes) io.stderr(`${note.file}${note.line === undefined ? '' : `:${note.line}`}: ${note.message}\n`);
  if (output === undefined) io.stdout(result.text);
  else {
    try {
      await writeFile(output, result.text, 'utf8');
    } catch (error) {
      io.stderr(`${output}: ${l10n.t('cannot write the merged file: {0}', describeFileError(error))}\n`);
      return 2;
    }
  }
  io.stderr(`${mergedSummary(result.devices, inputs.length, output, result.lost)}\n`);
  return result.lost > 0 ? 1 : 0;
}

/**
 * Splits a file over the row limit into `<name>-part1.csv`, `-part2.csv`… beside it, each with the header and at
 * most `rows` devices, in the file's own encoding; as the editor's Split File does (core/conversion.ts splitFile).
 * Part files that exist are not overwritten without --force. Exit 0 when split (or nothing to split), 2 otherwise.
 */
export async function runSplit(options: { path: string; rows?: number; force: boolean }, io: CliIo): Promise<number> {
  const { decoded } = await readInput(options.path);
  const format = parseSheet(decoded.text, 'utf8').format;
  const limit = options.rows ?? (format ? FORMATS[format].maxRows : 0);
  if (limit <= 0) {
    const why = format
      ? l10n.t('the {0} format has no row limit: give the number of devices per file with --rows N', FORMATS[format].label)
      : l10n.t('the header matches no Autopilot format: give the number of devices per file with --rows N');
    throw new UsageError(`${options.path}: ${why}`);
  }
  const name = path.basename(options.path);
  const parts = splitFile(decoded.text, limit);
  if (parts.length <= 1) {
    io.stderr(`${options.path}: ${l10n.t('at most {0} devices: nothing to split', limit)}\n`);
    return 0;
  }
  const targets = parts.map((_, index) => path.join(path.dirname(options.path), partFileName(name, index + 1)));
  if (!options.force) {
    const existing = (await Promise.all(targets.map(async (target) => ((await exists(target)) ? target : undefined)))).filter(
      (target) => target !== undefined,
    );
    if (existing.length > 0) {
      const notSplit =
        existing.length === 1
          ? l10n.t('not split: {0} already exists; add --force to overwrite', existing.join(', '))
          : l10n.t('not split: {0} already exist; add --force to overwrite', existing.join(', '));
      io.stderr(`${options.path}: ${notSplit}\n`);
      return 2;
    }
  }
  // The file's own encoding: a split must not turn a UTF-16 file into something else, nor add a byte-order mark.
  for (const [index, part] of parts.entries()) {
    const target = targets[index] ?? '';
    try {
      await writeFile(target, encodeText(part, decoded.encoding, decoded.guessedUtf16 === true));
    } catch (error) {
      io.stderr(`${target}: ${l10n.t('cannot write the part: {0}', describeFileError(error))}\n`);
      return 2;
    }
  }
  const names = targets.map((target) => path.basename(target)).join(', ');
  io.stderr(
    `${options.path}: ${l10n.t('split into {0} files of at most {1} devices: {2}; {3} is unchanged', parts.length, limit, names, name)}\n`,
  );
  return 0;
}

/** "merged 3 device(s) from 2 file(s) into all.csv; 1 row(s) could not be merged", as one sentence per case. */
function mergedSummary(devices: number, files: number, output: string | undefined, lost: number): string {
  if (output === undefined) {
    return lost > 0
      ? l10n.t('merged {0} device(s) from {1} file(s); {2} row(s) could not be merged', devices, files, lost)
      : l10n.t('merged {0} device(s) from {1} file(s)', devices, files);
  }
  return lost > 0
    ? l10n.t('merged {0} device(s) from {1} file(s) into {2}; {3} row(s) could not be merged', devices, files, output, lost)
    : l10n.t('merged {0} device(s) from {1} file(s) into {2}', devices, files, output);
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}
