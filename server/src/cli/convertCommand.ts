// `autopilot-csv convert --to partner-center|intune FILE`: prints the converted file; what changed, and the
// rows that could not be converted, go to stderr. `autopilot-csv merge [--output FILE] FILE|DIR...`: the devices of
// several files in one. `autopilot-csv split [--rows N] FILE`: the editor's Split File, as part files beside the
// file. Input files are never rewritten.
import { stat, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
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
  for (const note of result.skipped) io.stderr(`${options.path}:${note.line}: not converted: ${note.message}\n`);
  io.stderr(
    `${options.path}: converted ${result.devices} device(s)${result.skipped.length > 0 ? `, ${result.skipped.length} row(s) not converted` : ''}\n`,
  );
  io.stdout(result.text);
  return result.skipped.length > 0 ? 1 : 0;
}

export function conversionTarget(value: string | undefined): ConversionTarget {
  if (value === 'partner-center' || value === 'intune') return value;
  throw new UsageError('convert needs --to partner-center or --to intune');
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
    throw new UsageError(`--output ${output} is one of the files to merge: write the result to a new file`);
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
    io.stderr(`autopilot-csv: nothing merged: ${problems.length === 1 ? 'a path' : `${problems.length} paths`} could not be read\n`);
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
      io.stderr(`${output}: cannot write the merged file: ${describeFileError(error)}\n`);
      return 2;
    }
  }
  io.stderr(
    `merged ${result.devices} device(s) from ${inputs.length} file(s)${output === undefined ? '' : ` into ${output}`}${result.lost > 0 ? `; ${result.lost} row(s) could not be merged` : ''}\n`,
  );
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
    throw new UsageError(
      `${options.path}: ${format ? `the ${FORMATS[format].label} format has no row limit` : 'the header matches no Autopilot format'}: give the number of devices per file with --rows N`,
    );
  }
  const name = path.basename(options.path);
  const parts = splitFile(decoded.text, limit);
  if (parts.length <= 1) {
    io.stderr(`${options.path}: at most ${limit} devices: nothing to split\n`);
    return 0;
  }
  const targets = parts.map((_, index) => path.join(path.dirname(options.path), partFileName(name, index + 1)));
  if (!options.force) {
    const existing = (await Promise.all(targets.map(async (target) => ((await exists(target)) ? target : undefined)))).filter(
      (target) => target !== undefined,
    );
    if (existing.length > 0) {
      io.stderr(
        `${options.path}: not split: ${existing.join(', ')} already exist${existing.length === 1 ? 's' : ''}; add --force to overwrite\n`,
      );
      return 2;
    }
  }
  // The file's own encoding: a split must not turn a UTF-16 file into something else, nor add a byte-order mark.
  for (const [index, part] of parts.entries()) {
    const target = targets[index] ?? '';
    try {
      await writeFile(target, encodeText(part, decoded.encoding, decoded.guessedUtf16 === true));
    } catch (error) {
      io.stderr(`${target}: cannot write the part: ${describeFileError(error)}\n`);
      return 2;
    }
  }
  io.stderr(
    `${options.path}: split into ${parts.length} files of at most ${limit} devices: ${targets.map((target) => path.basename(target)).join(', ')}; ${name} is unchanged\n`,
  );
  return 0;
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}
