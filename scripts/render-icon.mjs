// Renders images/icon.svg to the 128x128 PNG the Marketplace needs (it takes no SVG icon), with the Chromium the
// e2e tests use (test/e2e/harness.mjs): `node scripts/render-icon.mjs`.
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { chromiumPath } from '../test/e2e/harness.mjs';

const svg = readFileSync('images/icon.svg', 'utf8');
const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox'] });
try {
  const page = await browser.newPage({ viewport: { width: 128, height: 128 }, deviceScaleFactor: 1 });
  await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
  await page.locator('svg').screenshot({ path: 'images/icon.png', omitBackground: true });
} finally {
  await browser.close();
}
