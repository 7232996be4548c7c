// Which entries of a folder are searched for Autopilot CSV files: one rule for the CLI (node:fs) and the editor's
// merge command (workspace.fs), so a folder gives the same files, in the same order, to both.

/** Whether a folder entry is searched: CSV files, and folders other than node_modules and hidden ones. */
export function isSearchedEntry(name: string, isDirectory: boolean): boolean {
  return isDirectory ? name !== 'node_modules' && !name.startsWith('.') : name.toLowerCase().endsWith('.csv');
}

/** The order entries are taken in: by name. */
export function compareEntryNames(a: string, b: string): number {
  return a.localeCompare(b);
}
