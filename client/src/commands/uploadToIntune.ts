// "Autopilot CSV: Upload to Intune…": the Intune import through Microsoft Graph, beside the Partner Center upload.
// Check the file (Fix All when that repairs every error), pick the tenant (a Partner Center customer when signed in
// there, a recent one, or a tenant id or domain typed in; none pre-selected), sign in to that tenant, confirm (tenant,
// file, devices, each device's group tag and user), import with cancellable progress, and keep every device's result
// on its row (the same store, view, report and "Check Upload Status…" as the Partner Center upload). The import itself
// is cloud/intuneImport.ts.

import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { GraphClient, INTUNE_SERVICE, tenantProblem } from '../../../server/src/cloud/graphClient';
import { importToIntune, intunePreImportNotices } from '../../../server/src/cloud/intuneImport';
import { PartnerCenterClient, type Customer } from '../../../server/src/cloud/partnerCenterClient';
import type { UploadOutcome } from '../../../server/src/cloud/uploadEngine';
import type { UploadDestination } from '../../../server/src/cloud/uploadReport';
import { pluralize } from '../../../server/src/core/text';
import { confirmUpload } from '../upload/uploadConfirmation';
import type { StoredUpload } from '../upload/uploadResultsStore';
import {
  checkedValidation,
  documentToUpload,
  keptOfOutcome,
  logger,
  logOutcome,
  reportUploadError,
  showSummary,
  withCancellableProgress,
  type ProgressNews,
  type UploadCommandDeps,
  type UploadFeature,
} from './uploadToPartnerCenter';
import { requireTrustedWorkspace, type IntuneAuth } from './signInCommands';

const RECENT_TENANTS_KEY = 'autopilot.intune.recentTenants';
const RECENT_TENANTS_KEPT = 5;

export interface IntuneUploadDeps extends UploadCommandDeps {
  intuneAuth: IntuneAuth;
}

/** Arguments for scripted runs (end-to-end tests); without them every choice is asked in the UI. */
export interface IntuneUploadArgs {
  uri?: string | vscode.Uri;
  /** The tenant's id or domain. */
  tenant?: string;
  /** Answer "yes" to the confirmation. */
  assumeYes?: boolean;
}

/** A tenant as the picker offers it and the recent list keeps it. */
interface TenantChoice {
  tenant: string;
  name: string;
  domain?: string;
}

interface TenantItem extends vscode.QuickPickItem {
  choice?: TenantChoice;
}

export function registerIntuneUploadCommand(context: vscode.ExtensionContext, deps: IntuneUploadDeps, feature: UploadFeature): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('autopilot.uploadToIntune', async (arg?: IntuneUploadArgs | vscode.Uri) => {
      const args: IntuneUploadArgs = arg instanceof vscode.Uri ? { uri: arg } : (arg ?? {});
      let tenant = args.tenant;
      try {
        return await runIntuneUpload(context, deps, feature, args, (picked) => (tenant = picked));
      } catch (error) {
        await reportUploadError(
          error,
          deps,
          'autopilot.uploadToIntune',
          { ...args, tenant },
          {
            signInAgain: tenant ? () => deps.intuneAuth.signInAgain(tenant ?? '') : undefined,
            endpointSetting: 'autopilot.intune.graphEndpoint',
          },
        );
        return undefined;
      }
    }),
  );
}

async function runIntuneUpload(
  context: vscode.ExtensionContext,
  deps: IntuneUploadDeps,
  feature: UploadFeature,
  args: IntuneUploadArgs,
  onTenant: (tenant: string) => void,
): Promise<UploadOutcome | undefined> {
  if (!(await requireTrustedWorkspace())) return undefined;
  const document = await documentToUpload(args, deps);
  if (!document) {
    // The picker told the user already.
    if (!deps.pickDocument) void vscode.window.showErrorMessage(vscode.l10n.t('Open an Autopilot CSV file to upload it to Intune.'));
    return undefined;
  }
  const fileName = path.basename(document.uri.path);
  const validation = await checkedValidation(document, fileName, deps, INTUNE_SERVICE);
  if (!validation) return undefined;

  const choice = args.tenant ? { tenant: args.tenant.trim(), name: args.tenant.trim() } : await pickTenant(context, deps);
  if (!choice) return undefined;
  onTenant(choice.tenant);
  const token = await deps.intuneAuth.getAccessToken(choice.tenant, { interactiveFallback: true });
  const destination: UploadDestination = {
    service: INTUNE_SERVICE,
    customerName: choice.name,
    // A domain typed in becomes the tenant's id the sign-in reports.
    tenantId: tenantIdOf(token) ?? choice.tenant,
    domain: choice.domain,
  };
  await rememberTenant(context, choice);

  const rows = validation.rows;
  const sending = rows.filter((row) => row.hardwareHash.trim() !== '');
  if (!args.assumeYes) {
    const tags = new Map<string, number>();
    for (const row of sending) tags.set(row.groupTag.trim(), (tags.get(row.groupTag.trim()) ?? 0) + 1);
    const confirmed = await confirmUpload({
      destination,
      fileName,
      sending: sending.length,
      batches: [...tags].map(([name, devices]) => ({ name, devices, exists: false })),
      alreadyRegistered: [],
      inventoryComplete: true,
      warnings: validation.warnings,
      warningList: validation.warningList,
      notices: intunePreImportNotices(rows),
      assignedUsers: sending.flatMap((row) => (row.assignedUser.trim() ? [row.assignedUser.trim()] : [])),
    });
    if (!confirmed) return undefined;
  }

  deps.log.info(
    `Uploading ${pluralize(sending.length, 'device')} from ${fileName} to Intune of ${destination.customerName} (tenant ${destination.tenantId}).`,
  );
  const news: ProgressNews = { say: () => {} };
  const client = new GraphClient({
    baseUrl: deps.intuneAuth.endpoint(),
    getAccessToken: () => deps.intuneAuth.getAccessToken(choice.tenant, { interactiveFallback: true }),
    timing: deps.timing,
    logger: logger(deps.log),
    onLongWait: (message) => news.say(message),
  });
  const uploadedAt = new Date();
  const outcome = await withCancellableProgress(
    news,
    sending.length === 1
      ? vscode.l10n.t('Uploading 1 device to Intune of {0}', destination.customerName)
      : vscode.l10n.t('Uploading {0} devices to Intune of {1}', sending.length, destination.customerName),
    (signal, report) => importToIntune(rows, { client, timing: client.timing, signal, logger: logger(deps.log), onProgress: report }),
    true,
  );
  const stored: StoredUpload = {
    id: randomUUID(),
    destination,
    customerId: choice.tenant,
    account: undefined,
    uploadedAt: uploadedAt.toISOString(),
    fileUri: document.uri.toString(),
    fileName,
    ...keptOfOutcome(outcome),
  };
  await feature.store.add(stored);
  logOutcome(deps.log, stored, outcome);
  void showSummary(stored, outcome, deps.log);
  if (outcome.stopped) void reportUploadError(outcome.stopped.error, deps, 'autopilot.uploadToIntune', { ...args, tenant: choice.tenant });
  return outcome;
}

/**
 * The tenant to import into: typed as an id or domain, a recent one, or a Partner Center customer (listed when the
 * user is signed in to Partner Center; nobody is asked to sign in for it). Nothing is pre-selected.
 */
async function pickTenant(context: vscode.ExtensionContext, deps: IntuneUploadDeps): Promise<TenantChoice | undefined> {
  const quickPick = vscode.window.createQuickPick<TenantItem>();
  quickPick.title = vscode.l10n.t("Upload to which tenant's Intune?");
  quickPick.placeholder = vscode.l10n.t('Type the tenant id or a domain (contoso.onmicrosoft.com), or pick a tenant');
  quickPick.matchOnDescription = true;
  quickPick.matchOnDetail = true;
  quickPick.ignoreFocusOut = true;
  quickPick.busy = true;
  const recent = recentTenants(context);
  let listed: TenantItem[] = [];
  const show = (): void => {
    const typed = quickPick.value.trim();
    const known = listed.some((item) => item.choice && sameTenant(item.choice, typed));
    const typedItem: TenantItem[] =
      typed && !known && tenantProblem(typed) === undefined
        ? [
            {
              label: `$(arrow-right) ${vscode.l10n.t('Use tenant {0}', typed)}`,
              description: vscode.l10n.t('typed'),
              alwaysShow: true,
              choice: { tenant: typed, name: typed },
            },
          ]
        : [];
    quickPick.items = [...typedItem, ...listed];
    // No tenant is chosen for the user: the first in the list is not the one the devices belong to.
    if (typedItem.length === 0) quickPick.activeItems = [];
  };
  const loading = new AbortController();
  const picked = new Promise<TenantChoice | undefined>((resolve) => {
    quickPick.onDidChangeValue(show);
    quickPick.onDidAccept(() => {
      const choice = quickPick.selectedItems[0]?.choice;
      if (!choice) return;
      resolve(choice);
      quickPick.hide();
    });
    quickPick.onDidHide(() => {
      loading.abort();
      resolve(undefined);
    });
  });
  listed = tenantItems(recent, []);
  show();
  quickPick.show();
  const customers = await partnerCenterCustomers(deps, loading.signal);
  listed = tenantItems(recent, customers);
  quickPick.busy = false;
  show();
  const choice = await picked;
  quickPick.dispose();
  return choice;
}

/** The signed-in partner's customers, or none (not signed in to Partner Center, or it failed: the user types). */
async function partnerCenterCustomers(deps: IntuneUploadDeps, signal: AbortSignal): Promise<Customer[]> {
  if (!(await deps.auth.account().catch(() => undefined))) return [];
  try {
    const client = new PartnerCenterClient({
      baseUrl: deps.auth.endpoint(),
      getAccessToken: () => deps.auth.getAccessToken({ interactiveFallback: false }),
      timing: deps.timing,
      logger: logger(deps.log),
    });
    return await client.listCustomers(signal);
  } catch (error) {
    deps.log.warn(
      `The Partner Center customer list could not be read for the tenant picker: ${error instanceof Error ? error.message : String(error)}`,
    );
    return [];
  }
}

function tenantItems(recent: readonly TenantChoice[], customers: readonly Customer[]): TenantItem[] {
  const toItem = (choice: TenantChoice): TenantItem => ({
    label: choice.name,
    description: choice.domain,
    detail: choice.tenant,
    choice,
  });
  const others = customers
    .filter((customer) => !recent.some((choice) => sameTenant(choice, customer.tenantId)))
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((customer) => toItem({ tenant: customer.tenantId, name: customer.name, domain: customer.domain || undefined }));
  return [
    ...(recent.length > 0
      ? [{ label: vscode.l10n.t('recently used'), kind: vscode.QuickPickItemKind.Separator }, ...recent.map(toItem)]
      : []),
    ...(others.length > 0
      ? [{ label: vscode.l10n.t('Partner Center customers'), kind: vscode.QuickPickItemKind.Separator }, ...others]
      : []),
  ];
}

function sameTenant(choice: TenantChoice, value: string): boolean {
  const lower = value.trim().toLowerCase();
  return choice.tenant.toLowerCase() === lower || (choice.domain ?? '').toLowerCase() === lower;
}

function recentTenants(context: vscode.ExtensionContext): TenantChoice[] {
  const stored = context.globalState.get<unknown>(RECENT_TENANTS_KEY, []);
  return Array.isArray(stored)
    ? stored.filter((item): item is TenantChoice => typeof (item as TenantChoice | undefined)?.tenant === 'string')
    : [];
}

async function rememberTenant(context: vscode.ExtensionContext, choice: TenantChoice): Promise<void> {
  const others = recentTenants(context).filter((other) => !sameTenant(other, choice.tenant));
  await context.globalState.update(RECENT_TENANTS_KEY, [choice, ...others].slice(0, RECENT_TENANTS_KEPT));
}

/** The `tid` claim of a Graph access token: the tenant's id even when the user typed a domain. */
function tenantIdOf(token: string): string | undefined {
  try {
    const claims: unknown = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'));
    const tid = (claims as { tid?: unknown } | null)?.tid;
    return typeof tid === 'string' && tid ? tid : undefined;
  } catch {
    return undefined;
  }
}
