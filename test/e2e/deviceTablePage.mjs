// Playwright helpers for the device table in code-server (opening files: harness.mjs), shared by deviceTableCheck.mjs
// and deviceTableBench.mjs.
//
// A custom editor's page lives two frames down: VS Code's webview host (`iframe.webview`, in an overlay outside the
// editor group, kept in the DOM while hidden) and the page itself (`iframe#active-frame`, written in after load).
// Frame *locators* re-resolve on every use, so they survive VS Code replacing the inner frame.

/** The visible device table's page. */
export function tableFrame(page) {
  return page
    .locator('iframe.webview.ready[src*="extensionId=autopilot-csv.autopilot-csv"]')
    .filter({ visible: true })
    .contentFrame()
    .locator('iframe#active-frame')
    .contentFrame();
}

/** Waits until the grid says it shows `count` devices (aria-rowcount counts the header row too). */
export async function waitForRowCount(grid, count, timeout = 30_000) {
  const deadline = Date.now() + timeout;
  let actual;
  while (Date.now() < deadline) {
    actual = await grid.getAttribute('aria-rowcount', { timeout: Math.max(1, deadline - Date.now()) }).catch(() => undefined);
    if (actual === String(count + 1)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`expected ${count} devices in the grid, aria-rowcount is ${actual ?? 'missing'}`);
}

/** Runs a command from the Command Palette by its title. */
export async function runCommand(page, title, rowText = title) {
  await page.keyboard.press('Control+Shift+P');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor();
  await input.fill(`>${title}`);
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: rowText }).first().waitFor();
  await page.keyboard.press('Enter');
}

/** The lines the visible text editor shows. */
export async function textLines(page) {
  return page.locator('.editor-instance .monaco-editor .view-lines').filter({ visible: true }).locator('.view-line').allInnerTexts();
}
