// The device table's page: one script and one style sheet from the extension (dist/webview/), nothing inline and
// nothing remote. The Content Security Policy allows exactly those: the script by a nonce made for each page. The
// page's words, in VS Code's display language, are data in the HTML (`data-page`), not script.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { PageData } from '../../webview/deviceTable/tableStrings';
import { tableStrings } from './tableTranslations';

/** Text made safe for an HTML attribute value in double quotes (and for element content). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

export function tablePageHtml(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  const language = vscode.env.language;
  const page: PageData = { language, strings: tableStrings() };
  const nonce = randomBytes(18).toString('base64');
  const asset = (name: string) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', name)).toString();
  const policy = [`default-src 'none'`, `script-src 'nonce-${nonce}'`, `style-src ${webview.cspSource}`].join('; ');
  return `<!DOCTYPE html>
<html lang="${escapeHtml(language)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${policy}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${asset('deviceTable.css')}">
<title>${escapeHtml(vscode.l10n.t('Device table'))}</title>
</head>
<body>
<main id="app" aria-busy="true" data-page="${escapeHtml(JSON.stringify(page))}"><p class="message">${escapeHtml(page.strings.loadingHeading)}</p></main>
<script nonce="${nonce}" src="${asset('deviceTable.js')}"></script>
</body>
</html>`;
}

/** Where the page's files are: the only folder the page may load from. */
export function tablePageRoot(extensionUri: vscode.Uri): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, 'dist', 'webview');
}
