// The data the pure core exchanges with its adapters (LSP server, CLI, upload). No editor types here.
import type { Code } from './codes';

export type Severity = 'error' | 'warning' | 'info' | 'hint';
export type SeveritySetting = Severity | 'off';
export type FormatId = 'intune' | 'partner-center' | 'mmd-portal';
export type Encoding = 'utf8' | 'utf8bom' | 'utf16le' | 'utf16be';

/** Offsets are UTF-16 code-unit offsets into the decoded text (a BOM is not part of the text). */
export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
  /** The one obvious repair: shown first, applied by "fix all" for its code. */
  preferred?: boolean;
  /** Safe to apply without looking (fix-all and `autopilot-csv fix` apply only safe fixes). */
  safe?: boolean;
  /** The repair also needs the file re-saved as UTF-8 without BOM (the text edits alone cannot express it). */
  reencode?: 'utf8';
  /**
   * The repair is an editor command rather than an edit: splitting a file over the row limit, or adding tags to the
   * setting `autopilot.groupTags` (`groupTags`).
   */
  command?: 'split-file' | 'add-group-tags';
  /** The tags `add-group-tags` adds. */
  groupTags?: string[];
}

export interface RelatedSpan {
  start: number;
  end: number;
  message: string;
}

export interface Finding {
  /** A code of the rule catalogue (codes.ts, docs/rules.md). */
  code: Code;
  severity: Severity;
  message: string;
  start: number;
  end: number;
  fixes: Fix[];
  related?: RelatedSpan[];
}

export interface Settings {
  /** `auto` detects the format from the header. */
  format: 'auto' | FormatId;
  /** Per-code severity override, or `off`. */
  rules: Partial<Record<Code, SeveritySetting>>;
  /** The group tags the user lists (`autopilot.groupTags`), exact spelling. */
  groupTags: string[];
  /** `groupTags` is an allow-list: any other tag is reported (`autopilot.onlyListedGroupTags`). */
  onlyListedGroupTags: boolean;
  /** Tags the editor knows from elsewhere: the workspace's other Autopilot CSV files, a customer's device batches. */
  knownGroupTags: KnownGroupTag[];
  /** Every row must carry a group tag (when the file has a Group Tag column). */
  requireGroupTag: boolean;
  /** Overrides the detected format's row limit; 0 means "use the format's limit". */
  maxRows: number;
}

/** A group tag known from outside the file and the settings, and where from (shown in the hover). */
export interface KnownGroupTag {
  tag: string;
  source: 'workspace' | 'customer';
  /** For people: the file that uses it (workspace-relative), or the customer's name. */
  detail: string;
}

/** A structural cancellation token, so the core needs no LSP import. */
export interface CancellationFlag {
  readonly isCancellationRequested: boolean;
}
