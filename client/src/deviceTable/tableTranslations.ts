// The device table's words in VS Code's display language, for its page (which cannot call vscode.l10n itself) and
// for the extension's own messages about the table. The type makes every word the page shows a translated one.
import * as vscode from 'vscode';
import type { CellValueProblem } from '../../webview/deviceTable/tableModel';
import type { TableStrings } from '../../webview/deviceTable/tableStrings';

/** Why a value cannot go into a cell, in words (the page, the tag picker and refused edits say the same). */
export function cellValueProblemText(problem: CellValueProblem): string {
  switch (problem) {
    case 'comma':
      return vscode.l10n.t('A value cannot hold a comma: Autopilot CSV files have no quoting.');
    case 'quotation-mark':
      return vscode.l10n.t('A value cannot hold a quotation mark: Autopilot CSV files have no quoting.');
    case 'line-break':
      return vscode.l10n.t('A value cannot hold a line break.');
  }
}

export function tableStrings(): TableStrings {
  return {
    columns: {
      line: vscode.l10n.t('Line'),
      serial: vscode.l10n.t('Serial number'),
      problems: vscode.l10n.t('Problems'),
      upload: vscode.l10n.t('Upload'),
      groupTag: vscode.l10n.t('Group tag'),
      productId: vscode.l10n.t('Product ID'),
      manufacturer: vscode.l10n.t('Manufacturer'),
      model: vscode.l10n.t('Model'),
      tpm: vscode.l10n.t('TPM'),
      vm: vscode.l10n.t('VM'),
      assignedUser: vscode.l10n.t('Assigned user'),
    },
    uploadStatus: {
      registered: vscode.l10n.t('Registered'),
      'already-registered': vscode.l10n.t('Already registered'),
      'tag-not-applied': vscode.l10n.t('Tag not applied'),
      rejected: vscode.l10n.t('Rejected'),
      pending: vscode.l10n.t('Processing'),
      'not-sent': vscode.l10n.t('Not sent'),
      unknown: vscode.l10n.t('No result'),
    },
    severity: {
      error: vscode.l10n.t('error'),
      warning: vscode.l10n.t('warning'),
      info: vscode.l10n.t('info'),
      hint: vscode.l10n.t('hint'),
    },
    actions: {
      setGroupTag: vscode.l10n.t('Set Group Tag…'),
      deleteRows: vscode.l10n.t('Delete Rows'),
      applyFixes: vscode.l10n.t('Apply Fixes'),
    },
    invalidValue: {
      comma: cellValueProblemText('comma'),
      'quotation-mark': cellValueProblemText('quotation-mark'),
      'line-break': cellValueProblemText('line-break'),
    },
    yes: vscode.l10n.t('Yes'),
    no: vscode.l10n.t('No'),

    filterPlaceholder: vscode.l10n.t('Filter devices'),
    filterLabel: vscode.l10n.t('Filter devices by serial number, product ID, model, tag, user or problem'),
    onlyProblems: vscode.l10n.t('Only rows with problems'),
    ruleFilterLabel: vscode.l10n.t('Filter by rule'),
    allRules: vscode.l10n.t('All rules'),
    actionsLabel: vscode.l10n.t('Actions on the selected devices'),
    gridLabel: vscode.l10n.t('Devices'),
    detailsLabel: vscode.l10n.t('Device details'),

    openInTextEditor: vscode.l10n.t('Open in Text Editor'),
    loadingHeading: vscode.l10n.t('Loading devices…'),
    loadingText: vscode.l10n.t('The language server is reading the file.'),
    emptyHeading: vscode.l10n.t('This file is empty'),
    emptyText: vscode.l10n.t(
      'An Autopilot CSV file starts with a header such as "{0}", then one device per row. Write or paste them in the text editor.',
    ),
    notAutopilotHeading: vscode.l10n.t('This is not an Autopilot CSV file'),
    notAutopilotText: vscode.l10n.t(
      'Its first row names no Autopilot columns ({0}…), so there are no devices to show. Check the header in the text editor.',
    ),
    errorHeading: vscode.l10n.t('The device table could not be shown'),
    errorText: vscode.l10n.t('See the "Autopilot CSV" output for details.'),

    noDeviceRows: vscode.l10n.t('No devices yet: the file has a header but no device rows.'),
    noMatch: vscode.l10n.t('No device matches the filter.'),
    sortedAscending: vscode.l10n.t('Sorted by {0}, ascending.'),
    sortedDescending: vscode.l10n.t('Sorted by {0}, descending.'),
    noSuchColumn: vscode.l10n.t('This file has no {0} column.'),
    editLabel: vscode.l10n.t('{0}, line {1}'),
    differsTitle: vscode.l10n.t('The cell says "{0}"; the hardware hash says "{1}".'),
    differsLabel: vscode.l10n.t('{0}, differs from the hardware hash: {1}'),
    fromHash: vscode.l10n.t('From the hardware hash'),
    hashUnreadable: vscode.l10n.t('The hardware hash could not be read.'),
    problemsLabel: { one: vscode.l10n.t('{0} problem: {1}'), other: vscode.l10n.t('{0} problems: {1}') },
    uploadLabel: vscode.l10n.t('Upload: {0}. {1}'),
    format: vscode.l10n.t('{0} format'),
    devices: { one: vscode.l10n.t('{0} device'), other: vscode.l10n.t('{0} devices') },
    devicesShown: { one: vscode.l10n.t('{1} of {0} device'), other: vscode.l10n.t('{1} of {0} devices') },
    selected: vscode.l10n.t('{0} selected'),
    fileProblems: {
      one: vscode.l10n.t('{0} problem outside the device rows'),
      other: vscode.l10n.t('{0} problems outside the device rows'),
    },
    moreFileProblems: vscode.l10n.t('and {0} more: see the Problems panel.'),
    problemLabel: vscode.l10n.t('{0} {1}: {2} (line {3})'),
    showLine: vscode.l10n.t('Show line {0} in the text editor'),
    detailsHeading: vscode.l10n.t('Line {0} · {1}'),
    noSerialNumber: vscode.l10n.t('no serial number'),
    hashManufacturer: vscode.l10n.t('manufacturer {0}'),
    hashModel: vscode.l10n.t('model {0}'),
    hashSerialNumber: vscode.l10n.t('serial number {0}'),
    hashTpm: vscode.l10n.t('a TPM'),
    hashNoTpm: vscode.l10n.t('no TPM'),
    hashVirtualMachine: vscode.l10n.t('a virtual machine ({0})'),
    hashSays: vscode.l10n.t('Hardware hash: {0}.'),
    hashSaysPartly: vscode.l10n.t('Hardware hash (it could not be read whole): {0}.'),
    hashNothingReadable: vscode.l10n.t('nothing readable'),
    noHash: vscode.l10n.t('No hardware hash.'),
    problemsOfLine: vscode.l10n.t('Problems of line {0}'),
    noProblems: vscode.l10n.t('No problems.'),
    selectFirst: vscode.l10n.t('Select one or more devices first (click, Shift+click, Ctrl+click, or Space).'),
    noGroupTagColumn: vscode.l10n.t('{0} files have no Group Tag column: the tag is chosen when uploading.'),
  };
}
