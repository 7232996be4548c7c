// Commands that turn files into new files: Intune <-> Partner Center conversion and merging files into one (opened
// as a new, unsaved editor), and splitting a file over the row limit (sibling files `<name>-partN.csv`, same
// encoding). The originals are never changed. The work itself is the pure core's (server/src/core/convert.ts).
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  convertFile,
  mergeFiles,
  partFileName,
  splitFile,
  type Conversion,
  type ConversionTarget,
  type MergeInput,
  type RowNote,
} from '../../../server/src/core/conversion';
import { compareEntryNames, isSearchedEntry } from '../../../server/src/core/csvFiles';
import { decodeBytes, encodeText } from '../../../server/src/core/textCodec';
import { FORMATS } from '../../../server/src/core/formats';
import { settingsFromConfiguration } from '../../../server/src/core/settings';
import { parseSheet } from '../../../server/src/core/sheet';
import { LANGUAGE_ID, SETTINGS_SECTION } from '../../../server/src/protocol/extensionProtocol';
import { documentEncoding } from '../languageClient';

/** Row notes shown in a message; the output channel gets all of them. */
const NOTES_SHOWN = 5;

export function registerConvertCommands(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('autopilot.convertToPartnerCenter', (target?: string | vscode.Uri) =>
      convert(target, 'partner-center', log),
    ),
    vscode.commands.registerCommand('autopilot.convertToIntune', (target?: string | vscode.Uri) => convert(target, 'intune', log)),
    vscode.commands.registerCommand('autopilot.splitFile', (target?: string | vscode.Uri, maxRows?: number) => split(target, maxRows, log)),
    // From the Explorer: the clicked resource and every selected one.
    vscode.commands.registerCommand('autopilot.mergeFiles', (clicked?: vscode.Uri, selected?: vscode.Uri[]) =>
      merge(selected?.length ? selected : clicked ? [clicked] : undefined, log),
    ),
  );
}

/** The document a command is about: the one it was given (a quick fix passes a string, menus a Uri), else the active one. */
async function documentFor(target: string | vscode.Uri | undefined): Promise<vscode.TextDocument | undefined> {
  const uri = typeof target === 'string' ? vscode.Uri.parse(target) : target;
  if (uri) return vscode.workspace.openTextDocument(uri);
  const active = vscode.window.activeTextEditor?.document;
  if (!active) void vscode.window.showInformationMessage(vscode.l10n.t('Open an Autopilot CSV file first.'));
  return active;
}

function settingsOf(document: vscode.TextDocument) {
  return settingsFromConfiguration(vscode.workspace.getConfiguration(SETTINGS_SECTION, document.uri));
}

/** The rows a conversion left out, by line (the first few): the output channel has why. */
function describeSkippedRows(notes: readonly RowNote[]): string {
  if (notes.length === 0) return '';
  const shown = notes
    .slice(0, NOTES_SHOWN)
    .map((note) => note.line)
    .join(', ');
  return notes.length > NOTES_SHOWN
    ? ` ${vscode.l10n.t('{0} row(s) could not be converted: lines {1} and {2} more (details in the output).', notes.length, shown, notes.length - NOTES_SHOWN)}`
    : ` ${vscode.l10n.t('{0} row(s) could not be converted: lines {1} (details in the output).', notes.length, shown)}`;
}

function logConversion(log: vscode.LogOutputChannel, name: string, conversion: Conversion): void {
  log.info(`Converted ${name} from ${FORMATS[conversion.from].label} to ${FORMATS[conversion.to].label}: ${conversion.devices} device(s).`);
  for (const note of conversion.notes) log.info(note);
  for (const note of conversion.skipped) log.warn(`Line ${note.line} not converted: ${note.message}.`);
  for (const note of conversion.incomplete) log.info(`Line ${note.line}: ${note.message}.`);
}

async function convert(target: string | vscode.Uri | undefined, to: ConversionTarget, log: vscode.LogOutputChannel): Promise<void> {
  const document = await documentFor(target);
  if (!document) return;
  const name = path.posix.basename(document.uri.path);
  const result = convertFile(document.getText(), to, settingsOf(document));
  if ('error' in result) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Cannot convert {0}: {1}', name, result.error));
    return;
  }
  logConversion(log, name, result);
  const skipped = describeSkippedRows(result.skipped);
  if (result.devices === 0) {
    void vscode.window.showWarningMessage(`${vscode.l10n.t('Nothing to convert in {0}.', name)}${skipped}`);
    return;
  }
  const converted = await vscode.workspace.openTextDocument({ language: LANGUAGE_ID, content: result.text });
  await vscode.window.showTextDocument(converted, { preview: false });
  const message = `${vscode.l10n.t('Converted {0} device(s) of {1} to the {2} format in a new, unsaved file; {1} is unchanged.', result.devices, name, FORMATS[to].label)} ${result.notes.join(' ')}${skipped}`;
  if (result.skipped.length > 0) void vscode.window.showWarningMessage(message.trim());
  else void vscode.window.showInformationMessage(message.trim());
}

/** The limit to split at: the argument, else the setting, else the format's limit, else the user's answer. */
async function rowLimit(document: vscode.TextDocument, given: number | undefined): Promise<number | undefined> {
  if (given !== undefined && Number.isInteger(given) && given > 0) return given;
  const settings = settingsOf(document);
  if (settings.maxRows !== undefined && settings.maxRows > 0) return settings.maxRows;
  const format = settings.format && settings.format !== 'auto' ? settings.format : parseSheet(document.getText(), 'utf8').format;
  const limit = format ? FORMATS[format].maxRows : 0;
  if (limit > 0) return limit;
  const answer = await vscode.window.showInputBox({
    title: vscode.l10n.t('Split into files of at most how many devices?'),
    value: '500',
    validateInput: (value) => (/^[1-9]\d*$/.test(value.trim()) ? undefined : vscode.l10n.t('A whole number of devices, at least 1')),
  });
  return answer === undefined ? undefined : Number(answer.trim());
}

async function split(target: string | vscode.Uri | undefined, maxRows: number | undefined, log: vscode.LogOutputChannel): Promise<void> {
  const document = await documentFor(target);
  if (!document) return;
  const limit = await rowLimit(document, maxRows);
  if (limit === undefined) return;
  const name = path.posix.basename(document.uri.path);
  const parts = splitFile(document.getText(), limit);
  if (parts.length <= 1) {
    void vscode.window.showInformationMessage(vscode.l10n.t('{0} has at most {1} devices: nothing to split.', name, limit));
    return;
  }
  if (document.uri.scheme === 'untitled') {
    for (const part of parts) {
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ language: LANGUAGE_ID, content: part }), {
        preview: false,
      });
    }
    void vscode.window.showInformationMessage(
      vscode.l10n.t('Split into {0} new, unsaved files of at most {1} devices each.', parts.length, limit),
    );
    return;
  }
  // Written in the file's own encoding: a split must not turn a UTF-16 file into something else.
  const encoding = (await documentEncoding(document)) ?? 'utf8';
  const directory = path.posix.dirname(document.uri.path);
  const targets = parts.map((_, index) => document.uri.with({ path: path.posix.join(directory, partFileName(name, index + 1)) }));
  const existing = (await Promise.all(targets.map(exists))).filter(Boolean).length;
  if (existing > 0) {
    const overwrite = vscode.l10n.t('Overwrite {0} file(s)', existing);
    const answer = await vscode.window.showWarningMessage(
      vscode.l10n.t('{0} of the part files ({1}…) already exist.', existing, partFileName(name, 1)),
      { modal: true },
      overwrite,
    );
    if (answer !== overwrite) return;
  }
  try {
    for (const [index, part] of parts.entries()) {
      const uri = targets[index];
      if (uri) await vscode.workspace.fs.writeFile(uri, encodeText(part, encoding));
    }
  } catch (error) {
    log.error(`Could not write the parts of ${document.uri.toString()}`, error);
    void vscode.window.showErrorMessage(
      vscode.l10n.t('Could not write the split files: {0}', error instanceof Error ? error.message : String(error)),
    );
    return;
  }
  log.info(
    `Split ${name} into ${parts.length} files of at most ${limit} devices: ${targets.map((uri) => path.posix.basename(uri.path)).join(', ')}.`,
  );
  // Not awaited: the command is done once the parts are written, whether or not the message is ever answered.
  const open = vscode.l10n.t('Open the first part');
  const first = targets[0];
  void vscode.window
    .showInformationMessage(
      vscode.l10n.t(
        'Split {0} into {1} files of at most {2} devices ({3} … {4}); {0} is unchanged.',
        name,
        parts.length,
        limit,
        partFileName(name, 1),
        partFileName(name, parts.length),
      ),
      open,
    )
    .then((answer) => (answer === open && first ? vscode.window.showTextDocument(first) : undefined));
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/** The CSV files of the given files and folders, folders searched as the CLI searches them (core/csvFiles.ts). */
async function csvFiles(uris: readonly vscode.Uri[]): Promise<vscode.Uri[]> {
  const files: vscode.Uri[] = [];
  for (const uri of uris) {
    const stat = await vscode.workspace.fs.stat(uri);
    if (stat.type & vscode.FileType.Directory) {
      const entries = (await vscode.workspace.fs.readDirectory(uri)).sort(([a], [b]) => compareEntryNames(a, b));
      const children = entries
        .filter(([name, type]) => isSearchedEntry(name, (type & vscode.FileType.Directory) !== 0))
        .map(([name]) => vscode.Uri.joinPath(uri, name));
      for (const child of await csvFiles(children)) files.push(child);
    } else {
      files.push(uri);
    }
  }
  return files;
}

async function merge(given: readonly vscode.Uri[] | undefined, log: vscode.LogOutputChannel): Promise<void> {
  const picked =
    given ??
    (await vscode.window.showOpenDialog({
      canSelectMany: true,
      filters: { [vscode.l10n.t('CSV files')]: ['csv'] },
      title: vscode.l10n.t('Merge Autopilot CSV files into one'),
      openLabel: vscode.l10n.t('Merge'),
    }));
  if (!picked || picked.length === 0) return;
  const files = await csvFiles(picked);
  if (files.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('No CSV files to merge in the selection.'));
    return;
  }
  const inputs: MergeInput[] = [];
  for (const uri of files) {
    const decoded = decodeBytes(await vscode.workspace.fs.readFile(uri));
    inputs.push({ name: vscode.workspace.asRelativePath(uri), text: decoded.text, encoding: decoded.encoding });
  }
  const result = mergeFiles(inputs);
  if ('error' in result) {
    log.warn(`Merge of ${files.length} file(s) refused: ${result.error}`);
    void vscode.window.showErrorMessage(vscode.l10n.t('Cannot merge: {0}', result.error));
    return;
  }
  log.info(`Merged ${result.devices} device(s) from ${files.length} file(s).`);
  for (const note of result.notes) log.info(`${note.file}${note.line === undefined ? '' : `:${note.line}`}: ${note.message}`);
  const merged = await vscode.workspace.openTextDocument({ language: LANGUAGE_ID, content: result.text });
  await vscode.window.showTextDocument(merged, { preview: false });
  const repeats = result.notes.filter((note) => note.kind === 'repeat').length;
  const parts = [
    vscode.l10n.t('Merged {0} device(s) from {1} file(s) into a new, unsaved file; the files are unchanged.', result.devices, files.length),
    repeats > 0 ? vscode.l10n.t('{0} repeated row(s) left out.', repeats) : '',
    result.lost > 0 ? vscode.l10n.t('{0} row(s) could not be merged (details in the output).', result.lost) : '',
  ];
  const message = parts.filter(Boolean).join(' ');
  if (result.lost > 0) void vscode.window.showWarningMessage(message);
  else void vscode.window.showInformationMessage(message);
}
