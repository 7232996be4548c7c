// The Assigned User cell (Intune format): the user the device is pre-assigned to, by sign-in name.
import * as l10n from '@vscode/l10n';
import { shorten } from '../text';
import type { DataRow, Emit } from './context';

const USER_PRINCIPAL_NAME = /^[^\s@,"]+@(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+(?:[A-Za-z]{2,}|xn--[A-Za-z0-9-]+)$/;

export function checkAssignedUser(device: DataRow, emit: Emit): void {
  const user = device.values.assignedUser ?? '';
  const cell = device.cells.assignedUser;
  if (user === '' || !cell || USER_PRINCIPAL_NAME.test(user)) return;
  emit({
    code: 'assigned-user-format',
    start: cell.start,
    end: cell.end,
    message: l10n.t(
      'Assigned User "{0}" is not of the form name@domain.tld. Write the user\'s sign-in name (UPN), e.g. "user@contoso.com": the import checks only the domain, and a wrong user can lock the device to the wrong person.',
      shorten(user, 60),
    ),
  });
}
