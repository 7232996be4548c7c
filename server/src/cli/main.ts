// The `autopilot-csv` command line: check, fix and upload Autopilot device CSV files.
import { readFile } from 'node:fs/promises';
import type { FormatId } from '../core/types';
import { runCheck, type CliIo } from './check';
import { conversionTarget, runConvert, runMerge } from './convert';
import { UsageError } from './files';
import { runFix } from './fix';
import { rowsFromFile } from './uploadRows';

const USAGE = `Usage:
  autopilot-csv check [--format text|json] [--target intune|partner-center|mmd-portal] FILE|DIR...
  autopilot-csv fix [--write] [--target intune|partner-center|mmd-portal] FILE...
  autopilot-csv upload FILE --customer <tenant id> [--batch NAME] [--endpoint URL] [--format text|json]
  autopilot-csv convert --to partner-center|intune FILE   (prints the converted file; exit 1 if rows were left out)
  autopilot-csv merge [--output FILE] FILE|DIR...       (one file of all their devices, repeated rows once)

Exit codes: 0 no error-level finding (upload: every device succeeded), 1 errors found (upload: a device
was rejected), 2 usage, file, sign-in or network problems.`;

const TARGETS: readonly FormatId[] = ['intune', 'partner-center', 'mmd-portal'];

interface ParsedArgs {
  flags: Map<string, string | true>;
  positional: string[];
}

function parseArgs(args: readonly string[], valued: readonly string[], booleans: readonly string[]): ParsedArgs {
  const flags = new Map<string, string | true>();
  const positional: string[] = [];
  for (let index = 0; index < args.length; index++) {
    const arg = args[index] ?? '';
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const [name = '', inline] = arg.slice(2).split('=', 2);
    if (booleans.includes(name)) {
      flags.set(name, true);
    } else if (valued.includes(name)) {
      const value = inline ?? args[++index];
      if (value === undefined) throw new UsageError(`--${name} needs a value`);
      flags.set(name, value);
    } else {
      throw new UsageError(`unknown option --${name}`);
    }
  }
  return { flags, positional };
}

function target(flags: Map<string, string | true>): FormatId | undefined {
  const value = flags.get('target');
  if (value === undefined) return undefined;
  if (typeof value === 'string' && (TARGETS as readonly string[]).includes(value)) return value as FormatId;
  throw new UsageError(`--target must be one of ${TARGETS.join(', ')}`);
}

export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  // Asked after a command too (`autopilot-csv check --help`), as most command-line tools allow.
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  try {
    switch (command) {
      case 'check': {
        const { flags, positional } = parseArgs(rest, ['format', 'target'], []);
        const output = flags.get('format') ?? 'text';
        if (output !== 'text' && output !== 'json') throw new UsageError('--format must be text or json');
        if (positional.length === 0) throw new UsageError('check needs at least one FILE or DIR');
        return await runCheck({ output, target: target(flags), paths: positional }, io);
      }
      case 'fix': {
        const { flags, positional } = parseArgs(rest, ['target'], ['write']);
        if (positional.length === 0) throw new UsageError('fix needs at least one FILE');
        return await runFix({ write: flags.has('write'), target: target(flags), paths: positional }, io);
      }
      case 'convert': {
        const { flags, positional } = parseArgs(rest, ['to'], []);
        if (positional.length !== 1) throw new UsageError('convert needs exactly one FILE');
        return await runConvert({ to: conversionTarget(flags.get('to')), path: positional[0] ?? '' }, io);
      }
      case 'merge': {
        const { flags, positional } = parseArgs(rest, ['output'], []);
        if (positional.length === 0) throw new UsageError('merge needs at least one FILE or DIR');
        const output = flags.get('output');
        return await runMerge({ paths: positional, output: typeof output === 'string' ? output : undefined }, io);
      }
      case 'upload': {
        // Loaded only here, and bundled apart (dist/cliUpload.js, esbuild.mjs): the sign-in and HTTP stack would cost
        // every check 10 ms of start-up and 5 MB.
        const { runUpload } = await import('./uploadCommand.js');
        return await runUpload([...rest], {
          stdout: io.stdout,
          stderr: io.stderr,
          env: process.env,
          readFile: (file) => readFile(file),
          rowsFromFile,
        });
      }
      case '--help':
      case '-h':
      case 'help':
        io.stdout(`${USAGE}\n`);
        return 0;
      default:
        throw new UsageError(command ? `unknown command "${command}"` : 'no command given');
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`autopilot-csv: ${error.message}\n\n${USAGE}\n`);
      return 2;
    }
    io.stderr(`autopilot-csv: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
}

if (require.main === module) {
  void main(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  }).then((code) => {
    process.exitCode = code;
  });
}
