// `autopilot-csv fix`: applies every safe fix; prints the fixed text, or rewrites the files with --write
// (in their own encoding, unless the encoding itself was what got fixed).
import { writeFile } from 'node:fs/promises';
import { encodeText } from '../core/textCodec';
import { fixAll } from '../core/fix';
import type { FormatId } from '../core/types';
import { validate } from '../core/validate';
import type { CliIo } from './checkCommand';
import { settingsFor } from './configFile';
import { collectFiles, readInput } from './files';

export interface FixOptions {
  write: boolean;
  target?: FormatId;
  /** --config FILE; without it, each file's nearest .vscode/settings.json. */
  config?: string;
  paths: string[];
}

export async function runFix(options: FixOptions, io: CliIo): Promise<number> {
  const files = await collectFiles(options.paths);
  const settingsOf = settingsFor(options, io);
  let errorsLeft = false;
  for (const file of files) {
    const settings = settingsOf(file);
    const input = await readInput(file);
    const result = fixAll(input.decoded.text, input.decoded.encoding, settings);
    const remaining = validate({ text: result.text, encoding: result.encoding, settings }).findings;
    errorsLeft ||= remaining.some((finding) => finding.severity === 'error');
    const fixedCodes = [...result.fixed.entries()].map(([code, count]) => `${code} x${count}`).join(', ');
    io.stderr(
      `${file}: ${fixedCodes === '' ? 'nothing to fix automatically' : `fixed ${fixedCodes}`}; ${remaining.length} finding(s) left\n`,
    );
    if (options.write) {
      if (fixedCodes !== '') await writeFile(file, encodeText(result.text, result.encoding));
    } else {
      io.stdout(result.text);
    }
  }
  return errorsLeft ? 1 : 0;
}
