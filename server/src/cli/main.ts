// The `autopilot-csv` command line: check, fix and upload Autopilot device CSV files.
import { readFile } from 'node:fs/promises';
import * as l10n from '@vscode/l10n';
import { localeFromEnvironment, useLocale, type Locale } from '../core/locale';
import type { FormatId } from '../core/types';
import { optionValue, parseCommandArguments, UsageError } from './arguments';
import { runCheck, type CliIo } from './checkCommand';
import { settingsFor } from './configFile';
import { conversionTarget, runConvert, runMerge, runSplit } from './convertCommand';
import { FileProblem } from './files';
import { runFix } from './fixCommand';
import { rowsFromFile } from './uploadRows';

const TARGET_OPTION = '[--target intune|partner-center|mmd-portal]';

/** The commands' synopsis (options and arguments stay as typed) with their notes in the user's language. */
function usage(): string {
  return [
    l10n.t('Usage:'),
    `  autopilot-csv check [--format text|json] ${TARGET_OPTION} [--config FILE] FILE|DIR...`,
    `  autopilot-csv fix ${TARGET_OPTION} [--config FILE] FILE   (${l10n.t('prints the fixed file')})`,
    `  autopilot-csv fix --write ${TARGET_OPTION} [--config FILE] FILE|DIR...   (${l10n.t('fixes the files in place')})`,
    '  autopilot-csv upload FILE --customer <tenant id> [--batch NAME] [--endpoint URL] [--format text|json] [--config FILE]',
    '  autopilot-csv upload FILE --to intune --tenant <tenant id or domain> [--endpoint URL] [--format text|json] [--config FILE]',
    `  autopilot-csv status --customer <tenant id> --tracking-id <id>   (${l10n.t("the result of an upload's batch job")})`,
    `  autopilot-csv convert --to partner-center|intune FILE   (${l10n.t('prints the converted file; exit 1 if rows were left out')})`,
    `  autopilot-csv merge [--output FILE] FILE|DIR...       (${l10n.t('one file of all their devices, repeated rows once')})`,
    `  autopilot-csv split [--rows N] [--force] FILE          (${l10n.t('FILE-part1.csv, -part2.csv... of at most N devices each')})`,
    '  autopilot-csv --version',
    `  ${l10n.t('Every command takes --locale en|de (default: from LC_ALL, LC_MESSAGES or LANG; English otherwise).')}`,
    `  autopilot-csv upload --help                           (${l10n.t("the upload's options and sign-in")})`,
    '',
    l10n.t(
      "Settings (check, fix, upload): --config FILE, a JSON object with the autopilot.* keys of VS Code's settings\n(autopilot.groupTags, autopilot.onlyListedGroupTags, autopilot.rules, autopilot.maxRows, autopilot.format,\nautopilot.requireGroupTag); without it, the nearest .vscode/settings.json above each file.",
    ),
    '',
    l10n.t(
      'Exit codes: 0 no error-level finding (upload: every device succeeded), 1 errors found (upload: a device\nwas rejected), 2 usage, file, sign-in or network problems.',
    ),
  ].join('\n');
}

/** Set by the bundler from package.json (esbuild.mjs); absent when this file runs unbundled, in tests. */
declare const AUTOPILOT_CSV_VERSION: string | undefined;

const TARGETS: readonly FormatId[] = ['intune', 'partner-center', 'mmd-portal'];

function target(value: string | undefined): FormatId | undefined {
  if (value === undefined) return undefined;
  if ((TARGETS as readonly string[]).includes(value)) return value as FormatId;
  throw new UsageError(l10n.t('--target must be one of {0}', TARGETS.join(', ')));
}

/**
 * `--locale en|de` anywhere on the line (every command takes it), taken out before the command reads its options;
 * without it, the language of the environment (LC_ALL, LC_MESSAGES, LANG), English for any other.
 */
function takeLocale(argv: readonly string[], env: NodeJS.ProcessEnv): { locale: Locale; args: string[]; invalid?: string } {
  const args: string[] = [];
  let given: string | undefined;
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index] ?? '';
    if (arg === '--locale') given = argv[++index] ?? '';
    else if (arg.startsWith('--locale=')) given = arg.slice('--locale='.length);
    else args.push(arg);
  }
  if (given === undefined) return { locale: localeFromEnvironment(env), args };
  if (given === 'en' || given === 'de') return { locale: given, args };
  return { locale: localeFromEnvironment(env), args, invalid: given };
}

export async function main(argvWithLocale: readonly string[], io: CliIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const { locale, args: argv, invalid } = takeLocale(argvWithLocale, env);
  useLocale(locale);
  if (invalid !== undefined) {
    io.stderr(`autopilot-csv: ${l10n.t('--locale must be en or de, not "{0}"', invalid)}\n`);
    return 2;
  }
  const [command, ...rest] = argv;
  // Asked after a command too (`autopilot-csv check --help`), as most command-line tools allow; upload
  // and status have options of their own, which they print themselves.
  if (command !== 'upload' && command !== 'status' && (rest.includes('--help') || rest.includes('-h'))) {
    io.stdout(`${usage()}\n`);
    return 0;
  }
  try {
    switch (command) {
      case 'check': {
        const parsed = parseCommandArguments(rest, ['format', 'target', 'config']);
        const output = optionValue(parsed, 'format') ?? 'text';
        if (output !== 'text' && output !== 'json') throw new UsageError(l10n.t('--format must be text or json'));
        if (parsed.positionals.length === 0) throw new UsageError(l10n.t('check needs at least one FILE or DIR'));
        const config = optionValue(parsed, 'config');
        return await runCheck({ output, target: target(optionValue(parsed, 'target')), config, paths: parsed.positionals }, io);
      }
      case 'fix': {
        const parsed = parseCommandArguments(rest, ['target', 'config'], ['write']);
        if (parsed.positionals.length === 0) throw new UsageError(l10n.t('fix needs at least one FILE'));
        const write = parsed.values['write'] === true;
        const config = optionValue(parsed, 'config');
        return await runFix({ write, target: target(optionValue(parsed, 'target')), config, paths: parsed.positionals }, io);
      }
      case 'convert': {
        const parsed = parseCommandArguments(rest, ['to']);
        if (parsed.positionals.length !== 1) throw new UsageError(l10n.t('convert needs exactly one FILE'));
        return await runConvert({ to: conversionTarget(optionValue(parsed, 'to')), path: parsed.positionals[0] ?? '' }, io);
      }
      case 'split': {
        const parsed = parseCommandArguments(rest, ['rows'], ['force']);
        if (parsed.positionals.length !== 1) throw new UsageError(l10n.t('split needs exactly one FILE'));
        const rows = optionValue(parsed, 'rows');
        if (rows !== undefined && !/^[1-9]\d*$/.test(rows))
          throw new UsageError(l10n.t('--rows must be a whole number of devices, at least 1'));
        return await runSplit(
          {
            path: parsed.positionals[0] ?? '',
            rows: rows === undefined ? undefined : Number(rows),
            force: parsed.values['force'] === true,
          },
          io,
        );
      }
      case 'merge': {
        const parsed = parseCommandArguments(rest, ['output']);
        if (parsed.positionals.length === 0) throw new UsageError(l10n.t('merge needs at least one FILE or DIR'));
        return await runMerge({ paths: parsed.positionals, output: optionValue(parsed, 'output') }, io);
      }
      case 'upload': {
        // Loaded only here, and bundled apart (dist/cliUpload.js, esbuild.mjs): the sign-in and HTTP stack would cost
        // every check 10 ms of start-up and 5 MB.
        const { runUpload } = await import('./uploadCommand.js');
        return await runUpload([...rest], {
          stdout: io.stdout,
          stderr: io.stderr,
          env,
          locale,
          readFile: (file) => readFile(file),
          rowsFromFile: (bytes, source) => rowsFromFile(bytes, settingsFor(source, io)(source.file)),
        });
      }
      case 'status': {
        // The upload's bundle (dist/cliUpload.js) holds it: it signs in and calls Partner Center too.
        const { runStatus } = await import('./uploadCommand.js');
        return await runStatus([...rest], { stdout: io.stdout, stderr: io.stderr, env, locale });
      }
      case '--help':
      case '-h':
      case 'help':
        io.stdout(`${usage()}\n`);
        return 0;
      case '--version':
        io.stdout(`autopilot-csv ${typeof AUTOPILOT_CSV_VERSION === 'string' ? AUTOPILOT_CSV_VERSION : l10n.t('(development build)')}\n`);
        return 0;
      default:
        throw new UsageError(command ? l10n.t('unknown command "{0}"', command) : l10n.t('no command given'));
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`autopilot-csv: ${error.message}\n\n${usage()}\n`);
      return 2;
    }
    // A file that cannot be read is said once, in words; the usage is not the problem.
    if (error instanceof FileProblem) {
      io.stderr(`${error.path}: ${error.message}\n`);
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
