// "Add group tags to autopilot.groupTags": the quick fixes "Add 'X' to autopilot.groupTags" and "Add all tags of this
// file" run it with the tags; from the command palette it offers the active file's tags. The setting is written
// through VS Code's configuration API (undoable in the settings editor, never a file written behind the user's back),
// to the workspace folder's settings, which the command line reads too (.vscode/settings.json).
import * as vscode from 'vscode';
import { groupTagsOfText, invalidReason } from '../../../server/src/core/groupTagPolicy';
import { SETTINGS_SECTION } from '../../../server/src/protocol/extensionProtocol';

const KEY = 'groupTags';

export function registerAddGroupTagsCommand(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('autopilot.addGroupTags', async (uriText?: string, tags?: string[]) => {
      const uri = uriText ? vscode.Uri.parse(uriText) : vscode.window.activeTextEditor?.document.uri;
      const chosen = tags ?? (await pickTagsOfActiveFile());
      if (!chosen || chosen.length === 0) return;
      try {
        const { added, where } = await addGroupTags(uri, chosen);
        const listed = chosen.map((tag) => `"${tag}"`).join(', ');
        const what =
          added.length === 0
            ? vscode.l10n.t('Already listed in autopilot.groupTags: {0}', listed)
            : vscode.l10n.t('Added {0} to autopilot.groupTags', added.map((tag) => `"${tag}"`).join(', '));
        log.info(`${what} (${where}).`);
        vscode.window.setStatusBarMessage(`$(check) ${what} (${where})`, 5000);
      } catch (error) {
        log.error('Could not add group tags to autopilot.groupTags', error);
        void vscode.window.showErrorMessage(
          vscode.l10n.t('Could not add the tags to autopilot.groupTags: {0}', error instanceof Error ? error.message : String(error)),
        );
      }
    }),
  );
}

/**
 * Adds tags to `autopilot.groupTags` where the file's setting comes from: the workspace folder's settings (or the
 * .code-workspace file that already lists tags); the user settings for a file outside every folder. Tags already
 * listed are kept, in their order, and not repeated.
 */
export async function addGroupTags(scope: vscode.Uri | undefined, tags: readonly string[]): Promise<{ added: string[]; where: string }> {
  const configuration = vscode.workspace.getConfiguration(SETTINGS_SECTION, scope);
  const inspected = configuration.inspect<string[]>(KEY);
  const folder = scope ? vscode.workspace.getWorkspaceFolder(scope) : undefined;
  let target: vscode.ConfigurationTarget;
  let current: readonly string[];
  let where: string;
  if (folder && inspected?.workspaceFolderValue !== undefined) {
    [target, current, where] = [vscode.ConfigurationTarget.WorkspaceFolder, inspected.workspaceFolderValue, folderSettings(folder)];
  } else if (vscode.workspace.workspaceFile && inspected?.workspaceValue !== undefined) {
    [target, current, where] = [vscode.ConfigurationTarget.Workspace, inspected.workspaceValue, vscode.l10n.t('workspace settings')];
  } else if (folder) {
    // The folder's list replaces the others for its files: it starts from the tags they list.
    const inherited = inspected?.workspaceValue ?? inspected?.globalValue ?? [];
    [target, current, where] = [vscode.ConfigurationTarget.WorkspaceFolder, inherited, folderSettings(folder)];
  } else {
    [target, current, where] = [
      vscode.ConfigurationTarget.Global,
      inspected?.globalValue ?? [],
      vscode.l10n.t('user settings: the file is in no workspace folder'),
    ];
  }
  const added = [...new Set(tags)].filter((tag) => !current.includes(tag));
  if (added.length > 0) await configuration.update(KEY, [...current, ...added], target);
  return { added, where };
}

function folderSettings(folder: vscode.WorkspaceFolder): string {
  return vscode.workspace.workspaceFolders && vscode.workspace.workspaceFolders.length > 1
    ? `${folder.name}/.vscode/settings.json`
    : '.vscode/settings.json';
}

/** The active file's tags not listed yet, all picked to start with. */
async function pickTagsOfActiveFile(): Promise<string[] | undefined> {
  const document = vscode.window.activeTextEditor?.document;
  if (!document) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Open an Autopilot CSV file to add its group tags to autopilot.groupTags.'));
    return undefined;
  }
  const listed = vscode.workspace.getConfiguration(SETTINGS_SECTION, document.uri).get<string[]>(KEY, []);
  const rowsByTag = groupTagsOfText(document.getText());
  const candidates = [...rowsByTag].filter(([tag]) => !listed.includes(tag) && invalidReason(tag) === undefined);
  if (candidates.length === 0) {
    void vscode.window.showInformationMessage(
      rowsByTag.size === 0
        ? vscode.l10n.t('This file has no group tags.')
        : vscode.l10n.t('Every group tag of this file is listed in autopilot.groupTags already.'),
    );
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    candidates.map(([tag, rows]) => ({
      label: tag,
      description: rows === 1 ? vscode.l10n.t('1 row') : vscode.l10n.t('{0} rows', rows),
      picked: true,
    })),
    {
      canPickMany: true,
      title: vscode.l10n.t('Add group tags to autopilot.groupTags'),
      placeHolder: vscode.l10n.t('The tags of this file that are not listed yet'),
    },
  );
  return picked?.map((item) => item.label);
}
