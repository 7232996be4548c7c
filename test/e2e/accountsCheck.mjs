#!/usr/bin/env node
// The Partner Center account in VS Code's Accounts menu, in the real workbench (code-server + headless Chromium, see
// harness.mjs), driven like a user: sign in with "Autopilot CSV: Sign In to Partner Center" (a device code, which
// the local identity provider served from this process approves), open the Accounts menu (the person icon at the
// bottom of the activity bar), find the account there as "<user> (Partner Center)", sign out from that menu, and see
// the status bar say signed out. Screenshots: test-output/e2e/accounts-*.png. Prints a plain `N passed, N failed` line.
//
//   node test/e2e/accountsCheck.mjs [--extension DIR] [--timeout MS] [--env NAME=VALUE] [--keep]
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { compile } from '../../scripts/compile-ts.mjs';
import { saveScreenshot, log, outputDir, parseArgs, repoRoot, withCodeServer, reportAndExit } from './harness.mjs';

const options = parseArgs(process.argv.slice(2), { timeoutMs: 180_000 });
const STEP_TIMEOUT = 30_000;

const shot = (page, name) => saveScreenshot(page, `accounts-${name}`);

async function main() {
  if (!existsSync(path.join(options.extension, 'dist', 'client.js'))) {
    throw new Error(`extension bundle missing: ${path.join(options.extension, 'dist', 'client.js')} (run node esbuild.mjs)`);
  }
  mkdirSync(outputDir, { recursive: true });
  const [doublesFile] = await compile(['test/e2e/uploadDoubles.ts']);
  const doubles = createRequire(import.meta.url)(path.resolve(repoRoot, doublesFile));
  const certDir = mkdtempSync(path.join(os.tmpdir(), 'autopilot-csv-accounts-cert-'));
  process.on('exit', () => rmSync(certDir, { recursive: true, force: true }));
  Object.assign(options.env, doubles.writeTestCertificate(certDir, options.env.NODE_EXTRA_CA_CERTS ?? process.env.NODE_EXTRA_CA_CERTS));
  const idp = await doubles.FakeIdentityProvider.start({}, { certificate: doubles.readTestCertificate(options.env) });
  const username = idp.settings.username;
  options.userSettings = {
    'autopilot.signIn.clientId': idp.settings.clientId,
    'autopilot.signIn.authority': idp.authority,
    // A device code rather than a browser tab, which code-server would open as a new page.
    'autopilot.signIn.useDeviceCode': true,
  };

  const results = [];
  try {
    await withCodeServer(options, async (session) => {
      const { page } = session;
      page.setDefaultTimeout(STEP_TIMEOUT);
      await session.automation();
      const input = page.locator('.quick-input-widget .quick-input-box input');
      const statusBar = page.locator('.statusbar-item', { hasText: 'Partner Center' }).first();
      const accountsButton = page.locator('.activitybar .action-item .action-label[aria-label^="Accounts"]').first();
      const menu = page.locator('.monaco-menu-container').last();
      const accountEntry = page.locator('.monaco-menu .action-item', { hasText: `${username} (Partner Center)` }).first();

      const steps = [
        [
          'the workbench loads',
          async () => {
            await session.openWorkbench('upload.csv');
            // Once a device file shows as Autopilot CSV, the extension's commands are in the Command Palette.
            await page.keyboard.press('Control+P');
            await input.waitFor();
            await input.fill('upload.csv');
            await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'upload.csv' }).first().waitFor();
            await page.keyboard.press('Enter');
            await page.locator('.statusbar-item', { hasText: 'Autopilot CSV' }).first().waitFor();
          },
        ],
        [
          '"Sign In to Partner Center" from the Command Palette signs in with a device code',
          async () => {
            await page.keyboard.press('Control+Shift+P');
            await input.waitFor();
            await input.fill('>Autopilot CSV: Sign In to Partner Center');
            await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Sign In to Partner Center' }).first().waitFor();
            await page.keyboard.press('Enter');
            await idp.waitUntil(() => idp.requests.some((request) => request.path.endsWith('/oauth2/v2.0/devicecode')));
            idp.approveDeviceCode();
            await page.locator('.statusbar-item', { hasText: `Partner Center: ${username}` }).waitFor();
          },
        ],
        [
          'the Accounts menu lists the account as "<user> (Partner Center)"',
          async () => {
            // The menu shows the accounts VS Code knew when it opened; the provider reports the sign-in a moment
            // after the status bar does (the token cache's change event), so a menu opened in between is reopened,
            // as a user would.
            for (let attempt = 1; ; attempt++) {
              await accountsButton.click();
              await menu.waitFor();
              const listed = await accountEntry.waitFor({ timeout: 10_000 }).then(
                () => true,
                () => false,
              );
              if (listed) break;
              if (attempt === 3) throw new Error('the Accounts menu never listed the account');
              log(`Accounts menu ${attempt} came without the account; opening it again`);
              await page.keyboard.press('Escape');
              await menu.waitFor({ state: 'hidden' });
            }
            await shot(page, 'menu');
          },
        ],
        [
          'its "Sign Out" signs out of Partner Center: the status bar says so and the menu no longer lists it',
          async () => {
            await accountEntry.hover();
            const signOut = page.locator('.monaco-menu .action-item', { hasText: /^Sign Out$/ }).last();
            await signOut.waitFor();
            // VS Code asks before it signs an account out. A click that lands while the submenu is still opening
            // only highlights the item: then it is clicked again.
            const dialog = page.locator('.monaco-dialog-box');
            for (let attempt = 1; ; attempt++) {
              await signOut.click();
              const asked = await dialog.waitFor({ timeout: 5_000 }).then(
                () => true,
                () => false,
              );
              if (asked) break;
              if (attempt === 3) throw new Error('Sign Out in the Accounts menu never asked to sign out');
              log(`Sign Out click ${attempt} did not open the question; clicking again`);
            }
            log(`dialog: ${(await dialog.innerText()).replace(/\s+/g, ' ')}`);
            await dialog.locator('.dialog-buttons .monaco-button', { hasText: 'Sign Out' }).first().click();
            await dialog.waitFor({ state: 'hidden' });
            await page.locator('.statusbar-item', { hasText: `Partner Center: ${username}` }).waitFor({ state: 'hidden' });
            await statusBar.waitFor();
            await accountsButton.click();
            await menu.waitFor();
            await page.waitForTimeout(500);
            if (await accountEntry.count()) throw new Error('the Accounts menu still lists the account');
            await shot(page, 'signed-out');
            await page.keyboard.press('Escape');
          },
        ],
      ];

      await session.runSteps(steps, results, 'accountsCheck', () => shot(page, 'failure'));
    });
  } finally {
    await idp.stop();
  }
  return results;
}

await reportAndExit(main);
