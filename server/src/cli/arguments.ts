// Command-line options through Node's own parser (node:util parseArgs), with its errors said the way the rest of
// the command speaks: "unknown option --x", "--format needs a value".
import { parseArgs } from 'node:util';
import * as l10n from '@vscode/l10n';

/** A mistake in how the command was called: the message is printed with the usage, and the exit code is 2. */
export class UsageError extends Error {}

export interface ParsedArguments {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

/** Options that take a value (`--format json`, `--format=json`) and options that are flags (`--write`). */
export function parseCommandArguments(args: readonly string[], valued: readonly string[], flags: readonly string[] = []): ParsedArguments {
  const options: Record<string, { type: 'string' | 'boolean' }> = {};
  for (const name of valued) options[name] = { type: 'string' };
  for (const name of flags) options[name] = { type: 'boolean' };
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: [...args], options, strict: true, allowPositionals: true });
  } catch (error) {
    throw new UsageError(describeParseError(error));
  }
  for (const name of valued) {
    if (parsed.values[name] === '') throw new UsageError(l10n.t('{0} needs a value', `--${name}`));
  }
  return { values: parsed.values as ParsedArguments['values'], positionals: parsed.positionals };
}

/** The value of a valued option, if given. */
export function optionValue(parsed: ParsedArguments, name: string): string | undefined {
  const value = parsed.values[name];
  return typeof value === 'string' ? value : undefined;
}

function describeParseError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: string }).code;
  const option = /'(-{1,2}[^' =]+)/.exec(message)?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option) return l10n.t('unknown option {0}', option);
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option) {
    return /does not take an argument/.test(message) ? l10n.t('{0} takes no value', option) : l10n.t('{0} needs a value', option);
  }
  return message;
}
