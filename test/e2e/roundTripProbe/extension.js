// The typing bench's baseline (test/e2e/typingBench.mjs): the least an extension can do in answer to a keystroke on
// the plain-text copy of the file, i.e. change the problem count at once from the extension host. Whatever else the
// workbench and its built-in extensions do per change on a 20 MB document (merge-conflict reads the whole text) is
// paid by this round trip as well, so the difference to the Autopilot file's round trip is what our extension adds.
const vscode = require('vscode');

exports.activate = (context) => {
  const diagnostics = vscode.languages.createDiagnosticCollection('round-trip-probe');
  context.subscriptions.push(
    diagnostics,
    vscode.workspace.onDidChangeTextDocument((event) => {
      if (!event.document.fileName.endsWith('devices.txt') || event.contentChanges.length === 0) return;
      // One problem after an odd version, two after an even one: the status bar's count changes with every keystroke.
      const count = (event.document.version % 2) + 1;
      const problems = [];
      for (let line = 0; line < count; line++) problems.push(new vscode.Diagnostic(new vscode.Range(line, 0, line, 1), 'keystroke seen'));
      diagnostics.set(event.document.uri, problems);
    }),
  );
};
