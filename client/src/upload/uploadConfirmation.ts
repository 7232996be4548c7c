// The question before anything is sent: where the devices go (customer and tenant), from which file, how many, in
// which batches, what the customer already has, and which warnings the file has. With warnings, "Upload Anyway"
// is not the default button. Written over a destination: Partner Center (batches), or Intune (each device its own
// group tag and assigned user).
import * as vscode from 'vscode';
import type { UploadDestination } from '../../../server/src/cloud/uploadReport';
import type { DeviceRowsRequest } from '../../../server/src/protocol/extensionProtocol';

export interface ConfirmationFacts {
  destination: UploadDestination;
  fileName: string;
  /** Devices that will be sent. */
  sending: number;
  batches: ReadonlyArray<{ name: string; devices: number; exists: boolean }>;
  /** Rows the customer already has (not sent again), with the batch holding each. */
  alreadyRegistered: ReadonlyArray<{ line: number; batch: string; sameBatch: boolean }>;
  /** False when not every existing batch could be read (very large customers). */
  inventoryComplete: boolean;
  warnings: number;
  warningList: readonly DeviceRowsRequest.NamedFinding[];
  /** Other things to know (an Assigned User that is not sent, ...). */
  notices: readonly string[];
  /** Intune: the users the devices are assigned to, one entry per device with a user (no batches then). */
  assignedUsers?: readonly string[];
}

const SHOWN = 8;

export function confirmationText(facts: ConfirmationFacts): { message: string; detail: string } {
  const { destination } = facts;
  const { customerName, tenantId, service } = destination;
  const message =
    facts.sending === 1
      ? vscode.l10n.t('Upload 1 device to {0}?', customerName)
      : vscode.l10n.t('Upload {0} devices to {1}?', facts.sending, customerName);
  const registered = facts.alreadyRegistered.length;
  const lines = [
    destination.domain
      ? vscode.l10n.t('Customer: {0} ({1}), tenant {2}, in {3}', customerName, destination.domain, tenantId, service)
      : vscode.l10n.t('Customer: {0}, tenant {1}, in {2}', customerName, tenantId, service),
    vscode.l10n.t('File: {0}', facts.fileName),
    registered
      ? vscode.l10n.t('Devices: {0} to send, {1} already registered (not sent again)', facts.sending, registered)
      : vscode.l10n.t('Devices: {0} to send', facts.sending),
  ];
  if (facts.assignedUsers) {
    const users = [...new Set(facts.assignedUsers)];
    const assigned = facts.assignedUsers.length;
    const tags = facts.batches.map((tag) => {
      const name = tag.name || vscode.l10n.t('(none)');
      return tag.devices === 1 ? vscode.l10n.t('{0} (1 device)', name) : vscode.l10n.t('{0} ({1} devices)', name, tag.devices);
    });
    lines.push(
      vscode.l10n.t('Group tags (each device its own): {0}', tags.join('; ')),
      assigned === 0
        ? vscode.l10n.t('Assigned users: none')
        : assigned === 1
          ? vscode.l10n.t('Assigned users: 1 device, {0}', listed(users))
          : vscode.l10n.t('Assigned users: {0} devices, {1}', assigned, listed(users)),
    );
  } else {
    const batches = facts.batches.map((batch) => batchWords(batch)).join('; ');
    lines.push(
      facts.batches.length === 1 ? vscode.l10n.t('Batch (group tag): {0}', batches) : vscode.l10n.t('Batches (group tags): {0}', batches),
    );
  }
  if (registered > 0) {
    const elsewhere = facts.alreadyRegistered.filter((row) => !row.sameBatch).length;
    const rows = listed(facts.alreadyRegistered.map((row) => vscode.l10n.t('line {0} in batch "{1}"', row.line + 1, row.batch)));
    const kept =
      elsewhere === 0
        ? ''
        : ` ${
            elsewhere === 1
              ? vscode.l10n.t('That device keeps its current group tag.')
              : vscode.l10n.t('Those {0} devices keep their current group tag.', elsewhere)
          }`;
    lines.push('', vscode.l10n.t('Already registered to {0}: {1}.', customerName, rows) + kept);
  }
  if (!facts.inventoryComplete) {
    lines.push(
      '',
      vscode.l10n.t('{0} has more devices than were read: some rows may still turn out to be registered already.', customerName),
    );
  }
  for (const notice of facts.notices) lines.push('', notice);
  if (facts.warnings > 0) {
    lines.push(
      '',
      facts.warnings === 1 ? vscode.l10n.t('1 warning in the file:') : vscode.l10n.t('{0} warnings in the file:', facts.warnings),
    );
    // One line per rule: the same warning on every row would push the rest of the question out of sight.
    const byCode = new Map<string, DeviceRowsRequest.NamedFinding[]>();
    for (const warning of facts.warningList) byCode.set(warning.code, [...(byCode.get(warning.code) ?? []), warning]);
    for (const [code, warnings] of [...byCode].slice(0, SHOWN)) {
      const lineNumbers = listed(warnings.map((warning) => String(warning.line + 1)));
      const first = warnings[0]?.message ?? '';
      lines.push(
        warnings.length === 1
          ? vscode.l10n.t('• {0} (line {1}): {2}', code, lineNumbers, first)
          : vscode.l10n.t('• {0} (lines {1}): {2}', code, lineNumbers, first),
      );
    }
    const named = facts.warningList.length;
    if (facts.warnings > named) lines.push(vscode.l10n.t('• and {0} more (Problems panel)', facts.warnings - named));
  }
  return { message, detail: lines.join('\n') };
}

/** A batch of the question: its name, its devices, and whether the customer has it already. */
function batchWords(batch: ConfirmationFacts['batches'][number]): string {
  if (batch.exists) {
    return batch.devices === 1
      ? vscode.l10n.t('{0} (1 device, existing batch)', batch.name)
      : vscode.l10n.t('{0} ({1} devices, existing batch)', batch.name, batch.devices);
  }
  return batch.devices === 1
    ? vscode.l10n.t('{0} (1 device, new batch)', batch.name)
    : vscode.l10n.t('{0} ({1} devices, new batch)', batch.name, batch.devices);
}

/** Asks; true to upload. With warnings the first (default) button shows them instead of uploading. */
export async function confirmUpload(facts: ConfirmationFacts): Promise<boolean> {
  const { message, detail } = confirmationText(facts);
  if (facts.warnings === 0) {
    const upload = vscode.l10n.t('Upload');
    return (await vscode.window.showInformationMessage(message, { modal: true, detail }, upload)) === upload;
  }
  const showProblems = vscode.l10n.t('Show Problems');
  const uploadAnyway = vscode.l10n.t('Upload Anyway');
  const choice = await vscode.window.showWarningMessage(message, { modal: true, detail }, showProblems, uploadAnyway);
  if (choice === showProblems) await vscode.commands.executeCommand('workbench.actions.view.problems');
  return choice === uploadAnyway;
}

function listed(items: readonly string[]): string {
  return items.length <= SHOWN
    ? items.join(', ')
    : vscode.l10n.t('{0} and {1} more', items.slice(0, SHOWN).join(', '), items.length - SHOWN);
}
