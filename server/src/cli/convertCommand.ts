// `autopilot-csv convert --to partner-center|intune FILE`: prints the converted file; what changed, and the
// rows that could not be converted, go to stderr. `autopilot-csv merge [--output FILE] FILE|DIR...`: the devices of
// several files in one. Input files are never rewritten.
import { writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { convertFile, mergeFiles, type ConversionTarget } from '../core/conversion';
import type { CliIo } from './checkCommand';
import { UsageError } from './arguments';
import { collectFiles, readInput } from './files';

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

/** Exit 0 when every device is in the result, 1 when a row could not be written, 2 when nothing could be merged. */
export async function runMerge(options: { paths: string[]; output?: string }, io: CliIo): Promise<number> {
  const files = await collectFiles(options.paths);
  const output = options.output;
  if (output !== undefined && files.some((file) => path.resolve(file) === path.resolve(output))) {
    throw new UsageError(`--output ${output} is one of the files to merge: write the result to a new file`);
  }
  const inputs = [];
  for (const file of files) {
    const { decoded } = await readInput(file);
    inputs.push({ name: file, text: decoded.text, encoding: decoded.encoding });
  }
  const result = mergeFiles(inputs);
  if ('error' in result) {
    io.stderr(`autopilot-csv: ${result.error}\n`);
    return 2;
  }
  for (const note of result.notes) io.stderr(`${note.file}${note.line === undefined ? '' : `:${note.line}`}: ${note.message}\n`);
  if (output === undefined) io.stdout(result.text);
  else await writeFile(output, result.text, 'utf8');
  io.stderr(
    `merged ${result.devices} device(s) from ${files.length} file(s)${output === undefined ? '' : ` into ${output}`}${result.lost > 0 ? `; ${result.lost} row(s) could not be merged` : ''}\n`,
  );
  return result.lost > 0 ? 1 : 0;
}
