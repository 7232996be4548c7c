// `autopilot-csv convert --to partner-center|intune FILE`: prints the converted file; what changed, and the
// rows that could not be converted, go to stderr. The input file is never rewritten.
import { convertFile, type ConversionTarget } from '../core/convert';
import type { CliIo } from './check';
import { readInput, UsageError } from './files';

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
  io.stderr(`${options.path}: converted ${result.devices} device(s)${result.skipped.length > 0 ? `, ${result.skipped.length} row(s) not converted` : ''}\n`);
  io.stdout(result.text);
  return result.skipped.length > 0 ? 1 : 0;
}

export function conversionTarget(value: string | true | undefined): ConversionTarget {
  if (value === 'partner-center' || value === 'intune') return value;
  throw new UsageError('convert needs --to partner-center or --to intune');
}
