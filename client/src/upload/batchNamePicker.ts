// The batch name for rows without a group tag: it becomes their Autopilot group tag, so nothing is suggested as a
// default. The picker offers the customer's existing batches and the names recently used, and takes a new name typed
// in; nothing is selected until the user picks or types.
import * as vscode from 'vscode';
import { batchNameProblem } from '../../../server/src/cloud/uploadEngine';

interface NameItem extends vscode.QuickPickItem {
  name?: string;
}

export async function pickBatchName(options: {
  customerName: string;
  untagged: number;
  existing: ReadonlyArray<{ id: string; devicesCount: number }>;
  recent: readonly string[];
}): Promise<string | undefined> {
  const quickPick = vscode.window.createQuickPick<NameItem>();
  quickPick.title =
    options.untagged === 1
      ? vscode.l10n.t('Batch name for 1 device without a group tag')
      : vscode.l10n.t('Batch name for {0} devices without a group tag', options.untagged);
  quickPick.placeholder = vscode.l10n.t(
    "Type a new batch name, or pick one of {0}'s batches; it becomes the devices' group tag",
    options.customerName,
  );
  quickPick.ignoreFocusOut = true;
  const existingNames = new Set(options.existing.map((batch) => batch.id.toLowerCase()));
  const fixed: NameItem[] = [];
  if (options.existing.length > 0) {
    fixed.push({ label: vscode.l10n.t("{0}'s batches", options.customerName), kind: vscode.QuickPickItemKind.Separator });
    for (const batch of options.existing) {
      const devices = batch.devicesCount === 1 ? vscode.l10n.t('1 device') : vscode.l10n.t('{0} devices', batch.devicesCount);
      fixed.push({ label: batch.id, name: batch.id, description: devices });
    }
  }
  const recent = options.recent.filter((name) => !existingNames.has(name.toLowerCase()));
  if (recent.length > 0) {
    fixed.push({ label: vscode.l10n.t('recently used'), kind: vscode.QuickPickItemKind.Separator });
    for (const name of recent) fixed.push({ label: name, name, description: vscode.l10n.t('new batch for this customer') });
  }
  const typedItem = (value: string): NameItem[] => {
    const name = value.trim();
    if (!name || fixed.some((item) => item.name === name)) return [];
    const problem = batchNameProblem(name);
    return problem
      ? [{ label: name, description: vscode.l10n.t('cannot be used: {0}', problem), alwaysShow: true }]
      : [
          {
            label: name,
            name,
            description: existingNames.has(name.toLowerCase()) ? vscode.l10n.t('existing batch') : vscode.l10n.t('new batch'),
            alwaysShow: true,
          },
        ];
  };
  const show = (value: string): void => {
    quickPick.items = [...typedItem(value), ...fixed];
    // Nothing is chosen for the user: Enter picks only what was typed or selected.
    if (!value.trim()) quickPick.activeItems = [];
  };
  show('');
  const picked = new Promise<string | undefined>((resolve) => {
    quickPick.onDidChangeValue(show);
    quickPick.onDidAccept(() => {
      const name = quickPick.selectedItems[0]?.name ?? quickPick.activeItems[0]?.name;
      if (!name) return;
      resolve(name);
      quickPick.hide();
    });
    quickPick.onDidHide(() => resolve(undefined));
  });
  quickPick.show();
  const name = await picked;
  quickPick.dispose();
  return name;
}
