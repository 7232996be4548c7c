// The device table's page: a toolbar (filter, "only rows with problems", rule code, actions on the selected rows),
// an ARIA grid that renders only the rows in sight (5,000 devices make 5,000 rows; about 50 are in the DOM), and the
// details of the focused device with links to its problems.
//
// Keyboard: one cell is the grid's tab stop (roving tabindex); arrows move it, Shift extends the selection, Space
// toggles a row, Ctrl+A selects every row shown, Enter or F2 edits a serial, product ID or group tag, Enter on other
// cells shows them in the text editor, Delete deletes the selected rows. Keys the grid uses stop here; the others
// (Ctrl+Z, Ctrl+S, F1...) go on to VS Code, so Undo and Save work in the table as in the text editor.
// Device values are untrusted text: they only ever go into textContent and attributes, never into markup.
import type { DeviceTable, TableProblem, TableRow } from '../../../server/src/protocol/extensionProtocol';
import { COLUMNS, TableModel, cellEdit, invalidCellValue, type Column, type ColumnId, type ModelRow, type ViewOptions } from './tableModel';
import type { DocumentSpan, HostMessage, PageMessage, TableAction, UploadStatus } from './tableMessages';
import { format, type CountMessage, type PageData, type TableStrings } from './tableStrings';

export interface SavedState {
  text: string;
  onlyProblems: boolean;
  code: string;
  sort: ViewOptions['sort'];
  scrollTop: number;
  focusLine?: number;
}

export interface PageHost {
  post(message: PageMessage): void;
  getState(): SavedState | undefined;
  setState(state: SavedState): void;
}

/** Rows rendered beyond each edge of the visible ones, so a scroll shows rows already there. */
const OVERSCAN = 8;
const NOTICE_MS = 8000;
/** File problems listed above the grid (500 empty rows are better counted than listed). */
const FILE_PROBLEMS_LISTED = 50;

type Focus = { kind: 'header'; col: number } | { kind: 'cell'; id: number; col: number };

interface RowElement {
  el: HTMLElement;
  cells: HTMLElement[];
  model?: ModelRow;
  index: number;
  selected: boolean;
}

type PageState = 'loading' | 'empty' | 'not-autopilot' | 'error' | 'table';

const SEVERITY_GLYPH: Record<TableProblem['severity'], string> = { error: '×', warning: '!', info: 'i', hint: 'i' };
/** The icon of each result: done, failed, to check, or waiting. */
const UPLOAD_ICONS: Record<UploadStatus, [kind: string, glyph: string]> = {
  registered: ['ok', '✓'],
  'already-registered': ['ok', '✓'],
  'tag-not-applied': ['warning', '!'],
  rejected: ['rejected', '×'],
  pending: ['neutral', '…'],
  'not-sent': ['warning', '!'],
  unknown: ['warning', '?'],
};
const ACTIONS: readonly TableAction[] = ['setGroupTag', 'deleteRows', 'applyFixes'];

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (className) el.className = className;
  if (text !== undefined) el.textContent = text;
  return el;
}

/** The first two columns (line, serial number) stay in sight when the grid scrolls sideways. */
function pinned(col: number): string {
  return col === 0 ? ' pinned first' : col === 1 ? ' pinned second' : '';
}

export class DeviceTableView {
  private readonly model = new TableModel();
  private readonly options: ViewOptions;
  private view: number[] = [];
  /** View index of each shown row, by row id. */
  private positions = new Map<number, number>();
  private columns: Column[] = [];
  private readonly selection = new Set<number>();
  private anchor: number | undefined;
  private focus: Focus = { kind: 'cell', id: -1, col: 1 };
  /** The row whose details show. */
  private detailsId: number | undefined;
  private rowHeight = 24;
  private readonly rendered = new Map<number, RowElement>();
  private readonly free: RowElement[] = [];
  private frame = 0;
  private editing: { id: number; col: number; input: HTMLInputElement } | undefined;
  private state: PageState = 'loading';
  private restore: SavedState | undefined;
  private noticeTimer: ReturnType<typeof setTimeout> | undefined;
  private lastStatus = '';
  private postedSelection = 0;
  /** The grid's scroll offset when the rows were last drawn (saved with the page's state). */
  private scrollTop = 0;
  private ruleCodes = '';
  private readonly strings: TableStrings;
  private readonly language: string;

  private readonly toolbar = element('div', 'toolbar');
  private readonly filter = element('input');
  private readonly onlyProblems = element('input');
  private readonly rule = element('select');
  private readonly buttons = new Map<TableAction, HTMLButtonElement>();
  private readonly statusLine = element('div', 'status-line');
  private readonly status = element('span', 'status');
  private readonly notice = element('span', 'notice');
  private readonly fileProblems = element('details', 'file-problems');
  private readonly grid = element('div', 'grid');
  private readonly headerRow = element('div', 'row');
  private readonly body = element('div', 'body');
  private readonly bodyMessage = element('p', 'body-message');
  private readonly details = element('section', 'details');
  private readonly message = element('div', 'message');

  constructor(
    private readonly root: HTMLElement,
    private readonly host: PageHost,
    page: PageData,
  ) {
    this.strings = page.strings;
    this.language = page.language;
    const saved = host.getState();
    this.options = {
      text: saved?.text ?? '',
      onlyProblems: saved?.onlyProblems ?? false,
      code: saved?.code ?? '',
      sort: saved?.sort ?? { column: 'line', descending: false },
    };
    this.restore = saved;
    this.build();
    this.measure();
    this.showState('loading');
  }

  receive(message: HostMessage): void {
    switch (message.type) {
      case 'table':
        this.takeTable(message.table);
        return;
      case 'state':
        this.showState(message.state, message.message);
        return;
      case 'uploadResults': {
        const hadColumn = this.model.hasUploadResults;
        this.model.setUploadResults(message.results);
        if (hadColumn !== this.model.hasUploadResults) this.setColumns();
        this.refresh(false);
        return;
      }
      case 'run':
        this.run(message.action);
        return;
      case 'notice':
        this.say(message.text);
        return;
    }
  }

  // ------------------------------------------------------------------------------------------------ building

  private build(): void {
    const { filter, onlyProblems, rule } = this;
    filter.type = 'search';
    const words = this.strings;
    filter.placeholder = words.filterPlaceholder;
    filter.setAttribute('aria-label', words.filterLabel);
    filter.setAttribute('aria-controls', 'devices');
    filter.value = this.options.text;
    filter.addEventListener('input', () => {
      this.options.text = filter.value;
      this.refresh(true);
    });
    // The grid's keys are not the filter's: typing stays in the field, arrows move in it.
    filter.addEventListener('keydown', (event) => {
      if (event.key === 'ArrowDown' && this.view.length > 0) {
        event.preventDefault();
        this.moveTo(0, this.focus.col, 'select');
      }
    });

    onlyProblems.type = 'checkbox';
    onlyProblems.checked = this.options.onlyProblems;
    onlyProblems.addEventListener('change', () => {
      this.options.onlyProblems = onlyProblems.checked;
      this.refresh(true);
    });
    const onlyLabel = element('label');
    onlyLabel.append(onlyProblems, words.onlyProblems);

    rule.setAttribute('aria-label', words.ruleFilterLabel);
    rule.addEventListener('change', () => {
      this.options.code = rule.value;
      this.refresh(true);
    });

    const actions = element('div', 'actions');
    actions.setAttribute('role', 'group');
    actions.setAttribute('aria-label', words.actionsLabel);
    for (const action of ACTIONS) {
      const button = element('button', action === 'setGroupTag' ? 'primary' : undefined, words.actions[action]);
      button.type = 'button';
      button.disabled = true;
      button.addEventListener('click', () => this.run(action));
      this.buttons.set(action, button);
      actions.append(button);
    }
    this.toolbar.append(filter, onlyLabel, rule, actions);

    this.status.setAttribute('role', 'status');
    this.notice.setAttribute('role', 'status');
    this.fileProblems.hidden = true;
    this.statusLine.append(this.status, this.notice, this.fileProblems);

    const grid = this.grid;
    grid.id = 'devices';
    grid.setAttribute('role', 'grid');
    grid.setAttribute('aria-label', words.gridLabel);
    grid.setAttribute('aria-multiselectable', 'true');
    const header = element('div', 'header');
    header.setAttribute('role', 'rowgroup');
    this.headerRow.setAttribute('role', 'row');
    this.headerRow.setAttribute('aria-rowindex', '1');
    header.append(this.headerRow);
    this.body.setAttribute('role', 'rowgroup');
    this.bodyMessage.hidden = true;
    grid.append(header, this.body, this.bodyMessage);
    grid.addEventListener('scroll', () => this.schedule(), { passive: true });
    grid.addEventListener('keydown', (event) => this.onKey(event));
    grid.addEventListener('click', (event) => this.onClick(event));
    grid.addEventListener('dblclick', (event) => this.onDoubleClick(event));
    grid.addEventListener('focusin', () => this.renderDetails());
    new ResizeObserver(() => this.schedule()).observe(grid);

    this.details.setAttribute('aria-label', words.detailsLabel);
    this.details.hidden = true;
    this.message.hidden = true;
    document.addEventListener('copy', (event) => this.onCopy(event));

    this.root.replaceChildren(this.toolbar, this.statusLine, grid, this.details, this.message);
    this.setColumns();
  }

  /** Row height from the editor's font size, so rows fit the text whatever size the user picked. */
  private measure(): void {
    const fontSize = parseFloat(getComputedStyle(document.body).fontSize) || 13;
    this.rowHeight = Math.max(20, Math.round(fontSize * 1.85));
    document.documentElement.style.setProperty('--row-height', `${this.rowHeight}px`);
  }

  private setColumns(): void {
    this.columns = COLUMNS.filter((column) => column.id !== 'upload' || this.model.hasUploadResults);
    const style = document.documentElement.style;
    style.setProperty('--columns', this.columns.map((column) => `${column.width}px`).join(' '));
    style.setProperty('--row-width', `${this.columns.reduce((sum, column) => sum + column.width, 0)}px`);
    style.setProperty('--first-column-width', `${this.columns[0]?.width ?? 0}px`);
    style.setProperty('--pinned-width', `${(this.columns[0]?.width ?? 0) + (this.columns[1]?.width ?? 0)}px`);
    this.grid.setAttribute('aria-colcount', String(this.columns.length));
    this.headerRow.replaceChildren(
      ...this.columns.map((column, index) => {
        const cell = element('div', `cell${column.numeric ? ' numeric' : ''}${pinned(index)}`);
        cell.setAttribute('role', 'columnheader');
        cell.setAttribute('aria-colindex', String(index + 1));
        cell.tabIndex = -1;
        cell.dataset.col = String(index);
        cell.append(element('span', undefined, this.label(column)));
        const mark = element('span', 'sort-mark');
        mark.setAttribute('aria-hidden', 'true');
        cell.append(mark);
        return cell;
      }),
    );
    // Pooled rows have a cell per column: made again for the new columns.
    for (const row of this.rendered.values()) row.el.remove();
    for (const row of this.free) row.el.remove();
    this.rendered.clear();
    this.free.length = 0;
    this.focus.col = Math.min(this.focus.col, this.columns.length - 1);
    this.renderHeader();
  }

  // ------------------------------------------------------------------------------------------------ data

  private takeTable(table: DeviceTable): void {
    if (!this.model.apply(table)) {
      // A diff from a revision this page does not hold (it missed a message): ask for everything again.
      this.host.post({ type: 'ready' });
      return;
    }
    this.root.removeAttribute('aria-busy');
    if (table.format === null) {
      this.showState('not-autopilot');
      return;
    }
    this.state = 'table';
    this.message.hidden = true;
    this.toolbar.hidden = false;
    this.statusLine.hidden = false;
    this.grid.hidden = false;
    this.renderRuleOptions();
    this.renderFileProblems();
    this.refresh(false);
    if (this.restore) {
      const { scrollTop, focusLine } = this.restore;
      this.restore = undefined;
      const focused = focusLine === undefined ? undefined : this.model.rows.find((row) => row.row.line === focusLine);
      if (focused) this.focus = { kind: 'cell', id: focused.id, col: this.focus.col };
      this.grid.scrollTop = scrollTop;
      this.renderRows();
    }
  }

  private showState(state: Exclude<PageState, 'table'>, detail?: string): void {
    if (this.state === 'table' && state === 'loading') return;
    this.state = state;
    this.toolbar.hidden = true;
    this.statusLine.hidden = true;
    this.grid.hidden = true;
    this.details.hidden = true;
    const heading = element('h2');
    const text = element('p');
    let button: HTMLButtonElement | undefined;
    const words = this.strings;
    const openText = () => {
      button = element('button', 'primary', words.openInTextEditor);
      button.type = 'button';
      button.addEventListener('click', () => this.host.post({ type: 'openText' }));
    };
    // The header's column names are the file's own words, the same in every language.
    const names = ['Device Serial Number', 'Windows Product ID', 'Hardware Hash', 'Group Tag'];
    if (state === 'loading') {
      heading.textContent = words.loadingHeading;
      text.textContent = words.loadingText;
    } else if (state === 'empty') {
      heading.textContent = words.emptyHeading;
      text.textContent = format(words.emptyText, names.join(','));
      openText();
    } else if (state === 'not-autopilot') {
      heading.textContent = words.notAutopilotHeading;
      text.textContent = format(words.notAutopilotText, names.join(', '));
      openText();
    } else {
      heading.textContent = words.errorHeading;
      text.textContent = detail ?? words.errorText;
      openText();
    }
    this.message.replaceChildren(heading, text, ...(button ? [button] : []));
    this.message.hidden = false;
    this.root.setAttribute('aria-busy', String(state === 'loading'));
  }

  /** Computes the rows shown (after a filter, sort or data change) and draws them. */
  private refresh(optionsChanged: boolean): void {
    if (this.state !== 'table') return;
    const focusedId = this.focus.kind === 'cell' ? this.focus.id : undefined;
    const focusedIndex = focusedId === undefined ? undefined : this.positions.get(focusedId);
    this.view = this.model.view(this.options);
    this.positions = new Map(this.view.map((rowIndex, index) => [(this.model.rows[rowIndex] as ModelRow).id, index]));
    for (const id of [...this.selection]) if (!this.positions.has(id)) this.selection.delete(id);
    if (this.focus.kind === 'cell' && !this.positions.has(this.focus.id)) {
      // The focused row left the view (filtered out, deleted): focus the row that took its place.
      const index = Math.min(focusedIndex ?? 0, this.view.length - 1);
      const row = index >= 0 ? this.rowAt(index) : undefined;
      this.focus = { kind: 'cell', id: row?.id ?? -1, col: this.focus.col };
    }
    if (optionsChanged) {
      this.grid.scrollTop = 0;
      this.scrollTop = 0;
      this.save();
    }
    this.body.style.height = `${this.view.length * this.rowHeight}px`;
    this.grid.setAttribute('aria-rowcount', String(this.view.length + 1));
    const total = this.model.rows.length;
    this.bodyMessage.hidden = this.view.length > 0;
    this.bodyMessage.textContent = total === 0 ? this.strings.noDeviceRows : this.strings.noMatch;
    this.renderHeader();
    this.renderRows();
    this.renderStatus();
    this.renderDetails();
    this.selectionChanged();
  }

  private rowAt(index: number): ModelRow | undefined {
    const rowIndex = this.view[index];
    return rowIndex === undefined ? undefined : this.model.rows[rowIndex];
  }

  private rowById(id: number): ModelRow | undefined {
    const index = this.positions.get(id);
    return index === undefined ? undefined : this.rowAt(index);
  }

  // ------------------------------------------------------------------------------------------------ rendering

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.renderRows();
      this.save();
    });
  }

  private renderHeader(): void {
    const { column, descending } = this.options.sort;
    this.columns.forEach((candidate, index) => {
      const cell = this.headerRow.children[index] as HTMLElement;
      const sorted = candidate.id === column;
      if (sorted) cell.setAttribute('aria-sort', descending ? 'descending' : 'ascending');
      else cell.removeAttribute('aria-sort');
      (cell.lastElementChild as HTMLElement).textContent = sorted ? (descending ? '▼' : '▲') : '';
    });
  }

  /** Draws the rows in sight (and the focused row, wherever it is, so keyboard focus is never lost). */
  private renderRows(): void {
    if (this.state !== 'table') return;
    const height = this.rowHeight;
    // Read before any change to the DOM: reading layout after a change forces a layout in the middle of the frame.
    const top = this.grid.scrollTop;
    this.scrollTop = top;
    const first = Math.max(0, Math.floor(top / height) - OVERSCAN);
    const last = Math.min(this.view.length - 1, Math.ceil((top + this.grid.clientHeight) / height) + OVERSCAN);
    const wanted = new Map<number, number>();
    for (let index = first; index <= last; index++) wanted.set((this.rowAt(index) as ModelRow).id, index);
    if (this.focus.kind === 'cell') {
      const index = this.positions.get(this.focus.id);
      if (index !== undefined) wanted.set(this.focus.id, index);
    }
    for (const [id, row] of this.rendered) {
      if (wanted.has(id)) continue;
      this.rendered.delete(id);
      row.el.hidden = true;
      row.model = undefined;
      this.free.push(row);
    }
    for (const [id, index] of wanted) {
      const model = this.rowAt(index) as ModelRow;
      let row = this.rendered.get(id);
      if (!row) {
        row = this.free.pop() ?? this.newRow();
        row.el.hidden = false;
        this.rendered.set(id, row);
      }
      const selected = this.selection.has(id);
      if (row.model !== model || row.index !== index || row.selected !== selected) this.fillRow(row, model, index, selected);
    }
    this.updateTabStop();
  }

  private newRow(): RowElement {
    const el = element('div', 'row');
    el.setAttribute('role', 'row');
    const cells = this.columns.map((_, index) => {
      const cell = element('div', 'cell');
      cell.setAttribute('role', 'gridcell');
      cell.setAttribute('aria-colindex', String(index + 1));
      cell.tabIndex = -1;
      cell.dataset.col = String(index);
      el.append(cell);
      return cell;
    });
    this.body.append(el);
    return { el, cells, index: -1, selected: false };
  }

  private fillRow(row: RowElement, model: ModelRow, index: number, selected: boolean): void {
    const { el } = row;
    el.dataset.id = String(model.id);
    el.setAttribute('aria-rowindex', String(index + 2));
    el.setAttribute('aria-selected', String(selected));
    el.classList.toggle('odd', index % 2 === 1);
    el.style.transform = `translateY(${index * this.rowHeight}px)`;
    if (row.model !== model) {
      const editing = this.editing?.id === model.id ? this.editing.col : -1;
      this.columns.forEach((column, col) => {
        if (col !== editing) this.fillCell(row.cells[col] as HTMLElement, column, col, model);
      });
    }
    row.model = model;
    row.index = index;
    row.selected = selected;
  }

  private fillCell(cell: HTMLElement, column: Column, col: number, model: ModelRow): void {
    const { row } = model;
    let className = `cell${pinned(col)}`;
    let title = '';
    let label: string | undefined;
    const parts: (Node | string)[] = [];
    // Text goes into the cell as a text node: one DOM node a cell, not two.
    const text = (value: string) => parts.push(value);
    switch (column.id) {
      case 'line':
        className += ' numeric';
        text(String(row.line + 1));
        break;
      case 'manufacturer':
      case 'model': {
        const shown = model[column.id];
        if (shown.hashSays !== undefined) {
          className += ' differs';
          const mark = element('span', 'differs-mark', '≠');
          mark.setAttribute('aria-hidden', 'true');
          parts.push(mark);
          title = format(this.strings.differsTitle, shown.text, shown.hashSays);
          label = format(this.strings.differsLabel, shown.text, shown.hashSays);
        } else if (shown.text && !row.values[column.id]) {
          className += ' from-hash';
          title = this.strings.fromHash;
        }
        text(shown.text);
        break;
      }
      case 'tpm':
        if (model.tpm === 'no') className += ' tpm-no';
        title = model.tpm === '?' ? this.strings.hashUnreadable : '';
        text(this.flag(model.tpm));
        break;
      case 'vm':
        if (model.vm === 'yes') className += ' vm-yes';
        title = row.hash?.virtualMachine.join('; ') ?? '';
        text(this.flag(model.vm));
        break;
      case 'problems': {
        const { problems } = row;
        if (problems.length === 0) break;
        const icon = element('span', `icon ${model.worst ?? 'info'}`, SEVERITY_GLYPH[model.worst ?? 'info']);
        icon.setAttribute('aria-hidden', 'true');
        parts.push(icon, String(problems.length));
        title = problems.map((problem) => `${problem.code}: ${problem.message}`).join('\n');
        const codes = problems.map((problem) => `${this.strings.severity[problem.severity]} ${problem.code}`).join(', ');
        label = this.count(this.strings.problemsLabel, problems.length, codes);
        break;
      }
      case 'upload': {
        const upload = model.upload;
        if (!upload) break;
        const [kind, glyph] = UPLOAD_ICONS[upload.status];
        const icon = element('span', `icon ${kind}`, glyph);
        icon.setAttribute('aria-hidden', 'true');
        parts.push(icon);
        text(this.strings.uploadStatus[upload.status]);
        title = upload.message;
        label = format(this.strings.uploadLabel, this.strings.uploadStatus[upload.status], upload.message);
        break;
      }
      default: {
        if (column.id === 'serial' || column.id === 'productId') className += ' mono';
        const value = row.values[column.id as keyof TableRow['values']];
        if (value === undefined && this.model.table?.columns[column.id as keyof TableRow['values']] === undefined) {
          className += ' muted';
          title = format(this.strings.noSuchColumn, this.label(column));
          text('—');
        } else {
          text(value ?? '');
        }
      }
    }
    cell.className = className;
    cell.replaceChildren(...parts);
    if (title) cell.title = title;
    else cell.removeAttribute('title');
    if (label) cell.setAttribute('aria-label', label);
    else cell.removeAttribute('aria-label');
  }

  /** Exactly one cell (or header) has tabindex 0: the focused one. */
  private updateTabStop(): void {
    const target = this.focusElement();
    for (const el of this.grid.querySelectorAll<HTMLElement>('[tabindex="0"]')) if (el !== target) el.tabIndex = -1;
    if (target) target.tabIndex = 0;
    else (this.headerRow.firstElementChild as HTMLElement | null)?.setAttribute('tabindex', '0');
  }

  private focusElement(): HTMLElement | undefined {
    if (this.focus.kind === 'header') return this.headerRow.children[this.focus.col] as HTMLElement | undefined;
    return this.rendered.get(this.focus.id)?.cells[this.focus.col];
  }

  private renderStatus(): void {
    const total = this.model.rows.length;
    const shown = this.view.length;
    const words = this.strings;
    const formatName = this.model.table ? format(words.format, this.model.table.formatLabel) : '';
    const devices = shown === total ? this.count(words.devices, total) : this.count(words.devicesShown, total, this.number(shown));
    const selected = this.selection.size > 0 ? ` · ${format(words.selected, this.number(this.selection.size))}` : '';
    const status = `${formatName} · ${devices}${selected}`;
    if (status !== this.lastStatus) {
      this.lastStatus = status;
      this.status.textContent = status;
    }
  }

  private renderRuleOptions(): void {
    const codes = this.model.codes();
    const key = codes.map(([code, count]) => `${code}:${count}`).join(',');
    if (key === this.ruleCodes) return;
    this.ruleCodes = key;
    const all = element('option', undefined, this.strings.allRules);
    all.value = '';
    const options = codes.map(([code, count]) => {
      const option = element('option', undefined, `${code} (${this.number(count)})`);
      option.value = code;
      return option;
    });
    // A rule whose problems were all fixed stays chosen (with no rows) until the user picks another.
    if (this.options.code && !codes.some(([code]) => code === this.options.code)) {
      const gone = element('option', undefined, `${this.options.code} (0)`);
      gone.value = this.options.code;
      options.push(gone);
    }
    this.rule.replaceChildren(all, ...options);
    this.rule.value = this.options.code;
  }

  private renderFileProblems(): void {
    const problems = this.model.table?.fileProblems ?? [];
    this.fileProblems.hidden = problems.length === 0;
    if (problems.length === 0) return;
    const summary = element('summary', undefined, this.count(this.strings.fileProblems, problems.length));
    const list = element('ul');
    for (const problem of problems.slice(0, FILE_PROBLEMS_LISTED)) {
      const item = element('li');
      item.append(this.problemLink(problem, problem.span));
      list.append(item);
    }
    if (problems.length > FILE_PROBLEMS_LISTED) {
      list.append(element('li', 'muted', format(this.strings.moreFileProblems, this.number(problems.length - FILE_PROBLEMS_LISTED))));
    }
    const open = this.fileProblems.open;
    this.fileProblems.replaceChildren(summary, list);
    this.fileProblems.open = open;
  }

  private problemLink(
    problem: { code: string; severity: TableProblem['severity']; message: string },
    span: DocumentSpan,
  ): HTMLButtonElement {
    const button = element('button', 'problem-link');
    button.type = 'button';
    const icon = element('span', `icon ${problem.severity}`, SEVERITY_GLYPH[problem.severity]);
    icon.setAttribute('aria-hidden', 'true');
    button.append(icon, element('code', undefined, problem.code), element('span', undefined, problem.message));
    const line = this.number(span[0] + 1);
    button.setAttribute(
      'aria-label',
      format(this.strings.problemLabel, this.strings.severity[problem.severity], problem.code, problem.message, line),
    );
    button.title = format(this.strings.showLine, line);
    button.addEventListener('click', () => this.host.post({ type: 'reveal', line: span[0], span, focus: false }));
    return button;
  }

  /** The focused device: what its hash says, its problems (each a link to its cell), its upload result. */
  private renderDetails(): void {
    // On a column header, the details stay those of the row focused last.
    if (this.focus.kind === 'cell') this.detailsId = this.focus.id;
    const model = this.detailsId === undefined ? undefined : this.rowById(this.detailsId);
    this.details.hidden = this.state !== 'table' || !model;
    if (!model) return;
    const { row } = model;
    const words = this.strings;
    const line = this.number(row.line + 1);
    const heading = element('h2', undefined, format(words.detailsHeading, line, row.values.serial || words.noSerialNumber));
    const parts: HTMLElement[] = [heading];
    const hash = row.hash;
    if (hash) {
      const said = [
        hash.manufacturer && format(words.hashManufacturer, hash.manufacturer),
        hash.model && format(words.hashModel, hash.model),
        hash.serialNumber && format(words.hashSerialNumber, hash.serialNumber),
        hash.readable ? (hash.hasTpm ? words.hashTpm : words.hashNoTpm) : undefined,
        hash.virtualMachine.length > 0 ? format(words.hashVirtualMachine, hash.virtualMachine.join('; ')) : undefined,
      ].filter((part): part is string => Boolean(part));
      const saidText = said.length > 0 ? said.join(', ') : words.hashNothingReadable;
      parts.push(element('p', undefined, format(hash.readable ? words.hashSays : words.hashSaysPartly, saidText)));
    } else {
      parts.push(element('p', 'muted', words.noHash));
    }
    if (model.upload) {
      parts.push(element('p', undefined, format(words.uploadLabel, words.uploadStatus[model.upload.status], model.upload.message)));
    }
    if (row.problems.length > 0) {
      const list = element('ul');
      list.setAttribute('aria-label', format(words.problemsOfLine, line));
      for (const problem of row.problems) {
        const item = element('li');
        const span: DocumentSpan = [row.line + problem.span[0], problem.span[1], row.line + problem.span[2], problem.span[3]];
        item.append(this.problemLink(problem, span));
        list.append(item);
      }
      parts.push(list);
    } else {
      parts.push(element('p', 'muted', words.noProblems));
    }
    this.details.replaceChildren(...parts);
  }

  private label(column: Column): string {
    return this.strings.columns[column.id];
  }

  private flag(value: ModelRow['tpm']): string {
    return value === 'yes' ? this.strings.yes : value === 'no' ? this.strings.no : value;
  }

  /** A number as the display language writes it (1,234 or 1.234). */
  private number(value: number): string {
    return value.toLocaleString(this.language);
  }

  /** `message` for `count` (one or other), the count as `{0}` and `values` after it. */
  private count(message: CountMessage, count: number, ...values: string[]): string {
    return format(count === 1 ? message.one : message.other, this.number(count), ...values);
  }

  private say(text: string): void {
    this.notice.textContent = text;
    if (this.noticeTimer) clearTimeout(this.noticeTimer);
    this.noticeTimer = setTimeout(() => (this.notice.textContent = ''), NOTICE_MS);
  }

  // ------------------------------------------------------------------------------------------------ focus and selection

  private pageSize(): number {
    return Math.max(1, Math.floor(this.grid.clientHeight / this.rowHeight) - 2);
  }

  /** Moves the focus to a row of the view; `select` selects it alone, `extend` selects from the anchor to it. */
  private moveTo(index: number, col: number, mode: 'select' | 'extend' | 'focus'): void {
    const clamped = Math.max(0, Math.min(this.view.length - 1, index));
    const row = this.rowAt(clamped);
    if (!row) return;
    this.focus = { kind: 'cell', id: row.id, col: Math.max(0, Math.min(this.columns.length - 1, col)) };
    if (mode === 'select') {
      this.selection.clear();
      this.selection.add(row.id);
      this.anchor = row.id;
    } else if (mode === 'extend') {
      this.selectRange(this.anchor ?? row.id, row.id);
    }
    this.scrollToIndex(clamped);
    this.renderRows();
    this.focusCell();
    this.selectionChanged();
    this.renderDetails();
  }

  private selectRange(fromId: number, toId: number): void {
    const from = this.positions.get(fromId) ?? 0;
    const to = this.positions.get(toId) ?? 0;
    this.selection.clear();
    for (let index = Math.min(from, to); index <= Math.max(from, to); index++) this.selection.add((this.rowAt(index) as ModelRow).id);
  }

  private scrollToIndex(index: number): void {
    const height = this.rowHeight;
    const header = this.headerRow.offsetHeight;
    const top = index * height;
    if (this.grid.scrollTop > top) this.grid.scrollTop = top;
    else if (this.grid.scrollTop < top + height + header - this.grid.clientHeight)
      this.grid.scrollTop = top + height + header - this.grid.clientHeight;
  }

  private focusCell(): void {
    this.updateTabStop();
    const target = this.focusElement();
    if (!target) return;
    target.focus({ preventScroll: true });
    target.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }

  /** Draws the selection, enables the actions, and tells the extension how many rows are selected. */
  private selectionChanged(): void {
    const count = this.selection.size;
    for (const button of this.buttons.values()) button.disabled = count === 0;
    for (const [id, row] of this.rendered) {
      const selected = this.selection.has(id);
      if (row.selected !== selected) {
        row.selected = selected;
        row.el.setAttribute('aria-selected', String(selected));
      }
    }
    this.renderStatus();
    if (count !== this.postedSelection) {
      this.postedSelection = count;
      this.host.post({ type: 'selection', count });
    }
    this.save();
  }

  // ------------------------------------------------------------------------------------------------ input

  private onKey(event: KeyboardEvent): void {
    if (this.editing || this.state !== 'table') return;
    const ctrl = event.ctrlKey || event.metaKey;
    const focus = this.focus;
    let handled = true;
    if (focus.kind === 'header') {
      switch (event.key) {
        case 'ArrowLeft':
          this.focusHeader(focus.col - 1);
          break;
        case 'ArrowRight':
          this.focusHeader(focus.col + 1);
          break;
        case 'Home':
          this.focusHeader(0);
          break;
        case 'End':
          this.focusHeader(this.columns.length - 1);
          break;
        case 'ArrowDown':
          this.moveTo(0, focus.col, 'focus');
          break;
        case 'Enter':
        case ' ':
          this.sortBy(this.columns[focus.col]?.id ?? 'line');
          break;
        default:
          handled = false;
      }
    } else {
      const index = this.positions.get(focus.id) ?? 0;
      const mode = event.shiftKey ? 'extend' : ctrl ? 'focus' : 'select';
      switch (event.key) {
        case 'ArrowDown':
          this.moveTo(index + 1, focus.col, mode);
          break;
        case 'ArrowUp':
          if (index === 0 && !event.shiftKey) this.focusHeader(focus.col);
          else this.moveTo(index - 1, focus.col, mode);
          break;
        case 'PageDown':
          this.moveTo(index + this.pageSize(), focus.col, mode);
          break;
        case 'PageUp':
          this.moveTo(index - this.pageSize(), focus.col, mode);
          break;
        case 'Home':
          if (ctrl) this.moveTo(0, focus.col, event.shiftKey ? 'extend' : 'select');
          else this.moveTo(index, 0, 'focus');
          break;
        case 'End':
          if (ctrl) this.moveTo(this.view.length - 1, focus.col, event.shiftKey ? 'extend' : 'select');
          else this.moveTo(index, this.columns.length - 1, 'focus');
          break;
        case 'ArrowLeft':
          this.moveTo(index, focus.col - 1, 'focus');
          break;
        case 'ArrowRight':
          this.moveTo(index, focus.col + 1, 'focus');
          break;
        case ' ':
          if (event.shiftKey) this.selectRange(this.anchor ?? focus.id, focus.id);
          else this.toggle(focus.id);
          this.selectionChanged();
          break;
        case 'a':
        case 'A':
          if (!ctrl) {
            handled = false;
            break;
          }
          for (const rowIndex of this.view) this.selection.add((this.model.rows[rowIndex] as ModelRow).id);
          this.selectionChanged();
          break;
        case 'Enter':
        case 'F2':
          if (this.columns[focus.col]?.editable) this.startEdit(focus.id, focus.col);
          else if (event.key === 'Enter') this.reveal(focus.id, focus.col, true);
          else handled = false;
          break;
        case 'Delete':
          this.run('deleteRows');
          break;
        case 'Escape':
          if (this.selection.size === 0) handled = false;
          else {
            this.selection.clear();
            this.selectionChanged();
          }
          break;
        default:
          handled = false;
      }
    }
    if (handled) {
      // Keys the grid used must not reach VS Code too (Ctrl+A would select the page, arrows scroll the editor).
      event.preventDefault();
      event.stopPropagation();
    }
  }

  private focusHeader(col: number): void {
    this.focus = { kind: 'header', col: Math.max(0, Math.min(this.columns.length - 1, col)) };
    this.focusCell();
    this.renderDetails();
  }

  private toggle(id: number): void {
    if (this.selection.has(id)) this.selection.delete(id);
    else this.selection.add(id);
    this.anchor = id;
  }

  private sortBy(column: ColumnId): void {
    const current = this.options.sort;
    // Problems and upload results sort worst first the first time: that is why one sorts by them.
    const descending = current.column === column ? !current.descending : column === 'problems' || column === 'upload';
    this.options.sort = { column, descending };
    this.refresh(true);
    this.say(format(descending ? this.strings.sortedDescending : this.strings.sortedAscending, this.strings.columns[column]));
  }

  private target(event: MouseEvent): { cell: HTMLElement; col: number; id?: number } | undefined {
    const cell = (event.target as HTMLElement).closest<HTMLElement>('.cell');
    if (!cell || !this.grid.contains(cell)) return undefined;
    const col = Number(cell.dataset.col);
    const row = cell.closest<HTMLElement>('.body .row');
    return row ? { cell, col, id: Number(row.dataset.id) } : { cell, col };
  }

  private onClick(event: MouseEvent): void {
    if (this.editing && this.editing.input.contains(event.target as Node)) return;
    const hit = this.target(event);
    if (!hit) return;
    if (hit.id === undefined) {
      this.focus = { kind: 'header', col: hit.col };
      this.updateTabStop();
      this.sortBy(this.columns[hit.col]?.id ?? 'line');
      return;
    }
    const id = hit.id;
    if (event.shiftKey) this.selectRange(this.anchor ?? id, id);
    else if (event.ctrlKey || event.metaKey) this.toggle(id);
    else {
      this.selection.clear();
      this.selection.add(id);
      this.anchor = id;
    }
    this.focus = { kind: 'cell', id, col: hit.col };
    this.renderRows();
    this.focusCell();
    this.selectionChanged();
    this.renderDetails();
    if (!event.shiftKey && !event.ctrlKey && !event.metaKey) this.reveal(id, hit.col, false);
  }

  private onDoubleClick(event: MouseEvent): void {
    const hit = this.target(event);
    if (!hit || hit.id === undefined) return;
    if (this.columns[hit.col]?.editable) this.startEdit(hit.id, hit.col);
    else this.reveal(hit.id, hit.col, true);
  }

  /** Shows the cell in the text editor: the problems cell shows the first problem's place, others their own cell. */
  private reveal(id: number, col: number, focus: boolean): void {
    const model = this.rowById(id);
    const column = this.columns[col];
    if (!model || !column) return;
    const { row } = model;
    const relative = column.id === 'problems' ? row.problems[0]?.span : column.role ? row.cells[column.role] : undefined;
    const message: PageMessage = { type: 'reveal', line: row.line, focus };
    if (relative) message.span = [row.line + relative[0], relative[1], row.line + relative[2], relative[3]];
    this.host.post(message);
  }

  private onCopy(event: ClipboardEvent): void {
    if (this.editing || !this.grid.contains(document.activeElement)) return;
    const ids = this.selection.size > 0 ? [...this.selection] : this.focus.kind === 'cell' ? [this.focus.id] : [];
    const rows = ids
      .map((id) => this.rowById(id))
      .filter((row): row is ModelRow => row !== undefined)
      .sort((a, b) => a.row.line - b.row.line);
    if (rows.length === 0 || !event.clipboardData) return;
    const cells = (model: ModelRow) => this.columns.map((column) => this.plainText(column, model));
    const text = [this.columns.map((column) => this.label(column)), ...rows.map(cells)].map((line) => line.join('\t')).join('\n');
    event.clipboardData.setData('text/plain', text);
    event.preventDefault();
  }

  private plainText(column: Column, model: ModelRow): string {
    switch (column.id) {
      case 'line':
        return String(model.row.line + 1);
      case 'manufacturer':
      case 'model':
        return model[column.id].text;
      case 'tpm':
      case 'vm':
        return this.flag(model[column.id]);
      case 'problems':
        return model.row.problems.map((problem) => problem.code).join(' ');
      case 'upload':
        return model.upload?.status ?? '';
      default:
        return model.row.values[column.id] ?? '';
    }
  }

  // ------------------------------------------------------------------------------------------------ editing

  private startEdit(id: number, col: number): void {
    const model = this.rowById(id);
    const column = this.columns[col];
    const table = this.model.table;
    if (!model || !column?.editable || !table) return;
    if (!cellEdit(table, model.row, column.editable, '')) {
      this.say(format(this.strings.noSuchColumn, this.label(column)));
      return;
    }
    this.focus = { kind: 'cell', id, col };
    this.renderRows();
    const cell = this.focusElement();
    if (!cell) return;
    const input = element('input', 'editor');
    input.type = 'text';
    input.value = model.row.values[column.editable] ?? '';
    input.setAttribute('aria-label', format(this.strings.editLabel, this.label(column), this.number(model.row.line + 1)));
    input.spellcheck = false;
    this.editing = { id, col, input };
    cell.replaceChildren(input);
    input.addEventListener('input', () => {
      const invalid = invalidCellValue(input.value.trim(), table.delimiter);
      input.classList.toggle('invalid', invalid !== undefined);
      input.title = invalid ? this.strings.invalidValue[invalid] : '';
    });
    input.addEventListener('keydown', (event) => {
      const save = (event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 's';
      if (event.key === 'Enter') this.commitEdit(0);
      else if (event.key === 'Tab') this.commitEdit(event.shiftKey ? -1 : 1);
      else if (event.key === 'Escape') this.endEdit(false);
      else if (save) {
        // Saving while editing saves the new value: commit, and let VS Code have Ctrl+S.
        this.commitEdit(0);
        return;
      } else {
        // Typing (Ctrl+Z included) edits the field, not the document.
        event.stopPropagation();
        return;
      }
      event.preventDefault();
      event.stopPropagation();
    });
    input.addEventListener('blur', () => {
      if (this.editing?.input === input) this.commitEdit(0, false);
    });
    input.focus();
    input.select();
  }

  /** Sends the new value (when it changed and the file can hold it); `move` steps to the next editable cell. */
  private commitEdit(move: number, refocus = true): void {
    const editing = this.editing;
    const table = this.model.table;
    if (!editing || !table) return;
    const model = this.rowById(editing.id);
    const role = this.columns[editing.col]?.editable;
    const value = editing.input.value.trim();
    const invalid = invalidCellValue(value, table.delimiter);
    if (invalid && refocus) {
      this.say(this.strings.invalidValue[invalid]);
      return;
    }
    const edit = model && role && !invalid ? cellEdit(table, model.row, role, value) : undefined;
    if (edit && value !== edit.oldValue) {
      this.host.post({ type: 'edit', version: table.version, edits: [edit] });
      this.endEdit(refocus, value);
    } else {
      this.endEdit(refocus);
    }
    if (move !== 0) {
      const editable = this.columns.map((column, col) => (column.editable ? col : -1)).filter((col) => col >= 0);
      const next = editable[(editable.indexOf(editing.col) + move + editable.length) % editable.length];
      if (next !== undefined) this.startEdit(editing.id, next);
    }
  }

  /** Leaves the field; the cell shows `pending` (greyed) until the document's new version arrives. */
  private endEdit(refocus: boolean, pending?: string): void {
    const editing = this.editing;
    if (!editing) return;
    this.editing = undefined;
    const model = this.rowById(editing.id);
    const column = this.columns[editing.col];
    const cell = this.rendered.get(editing.id)?.cells[editing.col];
    if (cell && model && column) {
      this.fillCell(cell, column, editing.col, model);
      if (pending !== undefined) {
        cell.classList.add('pending');
        cell.textContent = pending;
      }
    }
    if (refocus) this.focusCell();
  }

  // ------------------------------------------------------------------------------------------------ actions

  private run(action: TableAction): void {
    const table = this.model.table;
    if (!table || this.state !== 'table') return;
    const rows = [...this.selection]
      .map((id) => this.rowById(id))
      .filter((row): row is ModelRow => row !== undefined)
      .map((model) => model.row)
      .sort((a, b) => a.line - b.line);
    if (rows.length === 0) {
      this.say(this.strings.selectFirst);
      return;
    }
    if (action === 'setGroupTag') {
      const targets = rows.flatMap((row) => {
        const edit = cellEdit(table, row, 'groupTag', '');
        return edit ? [{ line: edit.line, target: edit.target, oldValue: edit.oldValue }] : [];
      });
      if (targets.length === 0) {
        this.say(format(this.strings.noGroupTagColumn, table.formatLabel));
        return;
      }
      const tags = new Set<string>();
      for (const { row } of this.model.rows) if (row.values.groupTag) tags.add(row.values.groupTag);
      this.host.post({ type: 'setGroupTag', version: table.version, targets, tags: [...tags].sort() });
    } else if (action === 'deleteRows') {
      this.host.post({
        type: 'deleteRows',
        version: table.version,
        rows: rows.map((row) => ({ line: row.line, lastLine: row.line + row.end[0] })),
      });
    } else {
      this.host.post({ type: 'applyFixes', lines: rows.map((row) => row.line) });
    }
  }

  private save(): void {
    const focused = this.focus.kind === 'cell' ? this.rowById(this.focus.id) : undefined;
    const state: SavedState = {
      text: this.options.text,
      onlyProblems: this.options.onlyProblems,
      code: this.options.code,
      sort: this.options.sort,
      scrollTop: this.scrollTop,
    };
    if (focused) state.focusLine = focused.row.line;
    this.host.setState(state);
  }
}
