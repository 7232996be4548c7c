// The question before anything is sent: where the devices go (customer and tenant), from which file, how many, in
// which batches, what the customer already has, and which warnings the file has. With warnings, "Upload Anyway"
// is not the default button. Written over a destination: Partner Center (batches), or Intune (each device its own
// group tag and assigned user).
import * as vscode from 'vscode';
import type { UploadDestination } from '../../../server/src/cloud/uploadReport';
import { pluralize } from '../../../server/src/core/text';
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
  const message = `Upload ${pluralize(facts.sending, 'device')} to ${destination.customerName}?`;
  const lines = [
    `Customer: ${destination.customerName}${destination.domain ? ` (${destination.domain})` : ''}, tenant ${destination.tenantId}, in ${destination.service}`,
    `File: ${facts.fileName}`,
    `Devices: ${facts.sending} to send${facts.alreadyRegistered.length ? `, ${facts.alreadyRegistered.length} already registered (not sent again)` : ''}`,
  ];
  if (facts.assignedUsers) {
    const users = [...new Set(facts.assignedUsers)];
    lines.push(
      `Group tags (each device its own): ${facts.batches.map((tag) => `${tag.name || '(none)'} (${pluralize(tag.devices, 'device')})`).join('; ')}`,
      `Assigned users: ${facts.assignedUsers.length === 0 ? 'none' : `${pluralize(facts.assignedUsers.length, 'device')}, ${listed(users)}`}`,
    );
  } else {
    lines.push(
      `Batch${facts.batches.length === 1 ? '' : 'es'} (group tag${facts.batches.length === 1 ? '' : 's'}): ` +
        facts.batches
          .map((batch) => `${batch.name} (${pluralize(batch.devices, 'device')}, ${batch.exists ? 'existing batch' : 'new batch'})`)
          .join('; '),
    );
  }
  if (facts.alreadyRegistered.length > 0) {
    const elsewhere = facts.alreadyRegistered.filter((row) => !row.sameBatch);
    lines.push(
      '',
      `Already registered to ${destination.customerName}: ` +
        listed(facts.alreadyRegistered.map((row) => `line ${row.line + 1} in batch "${row.batch}"`)) +
        (elsewhere.length === 0
          ? '.'
          : elsewhere.length === 1
            ? '. That device keeps its current group tag.'
            : `. Those ${elsewhere.length} devices keep their current group tag.`),
    );
  }
  if (!facts.inventoryComplete) {
    lines.push('', `${destination.customerName} has more devices than were read: some rows may still turn out to be registered already.`);
  }
  for (const notice of facts.notices) lines.push('', notice);
  if (facts.warnings > 0) {
    lines.push('', `${pluralize(facts.warnings, 'warning')} in the file:`);
    // One line per rule: the same warning on every row would push the rest of the question out of sight.
    const byCode = new Map<string, DeviceRowsRequest.NamedFinding[]>();
    for (const warning of facts.warningList) byCode.set(warning.code, [...(byCode.get(warning.code) ?? []), warning]);
    for (const [code, warnings] of [...byCode].slice(0, SHOWN)) {
      const lineNumbers = warnings.map((warning) => String(warning.line + 1));
      lines.push(`• ${code} (line${lineNumbers.length === 1 ? '' : 's'} ${listed(lineNumbers)}): ${warnings[0]?.message ?? ''}`);
    }
    const named = facts.warningList.length;
    if (facts.warnings > named) lines.push(`• and ${facts.warnings - named} more (Problems panel)`);
  }
  return { message, detail: lines.join('\n') };
}

/** Asks; true to upload. With warnings the first (default) button shows them instead of uploading. */
export async function confirmUpload(facts: ConfirmationFacts): Promise<boolean> {
  const { message, detail } = confirmationText(facts);
  if (facts.warnings === 0) {
    const upload = 'Upload';
    return (await vscode.window.showInformationMessage(message, { modal: true, detail }, upload)) === upload;
  }
  const showProblems = 'Show Problems';
  const uploadAnyway = 'Upload Anyway';
  const choice = await vscode.window.showWarningMessage(message, { modal: true, detail }, showProblems, uploadAnyway);
  if (choice === showProblems) await vscode.commands.executeCommand('workbench.actions.view.problems');
  return choice === uploadAnyway;
}

function listed(items: readonly string[]): string {
  return items.length <= SHOWN ? items.join(', ') : `${items.slice(0, SHOWN).join(', ')} and ${items.length - SHOWN} more`;
}
