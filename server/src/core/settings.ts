// Settings from an editor's `autopilot` configuration section (or the command line's settings file), read
// defensively: a wrong type falls back to the default instead of breaking validation, and `problem` (the command
// line) hears what was left out and why.
import { isCode } from './codes';
import type { Settings, SeveritySetting } from './types';

const FORMATS = ['auto', 'intune', 'partner-center', 'mmd-portal'] as const;
const LEVELS = ['off', 'hint', 'info', 'warning', 'error'] as const;

/** The keys of the section validation reads (`autopilot.<key>` in VS Code's settings). */
export const VALIDATION_SETTING_KEYS = ['format', 'rules', 'groupTags', 'onlyListedGroupTags', 'requireGroupTag', 'maxRows'] as const;

/** `key` is the section's key (`groupTags`), `what` says what is wrong and what is ignored. */
export type SettingProblem = (key: string, what: string) => void;

export function settingsFromConfiguration(raw: unknown, problem: SettingProblem = () => {}): Partial<Settings> {
  if (!raw || typeof raw !== 'object') return {};
  const section = raw as Record<string, unknown>;
  const has = (key: string) => section[key] !== undefined;
  const settings: Partial<Settings> = {};
  const format = section.format;
  if (typeof format === 'string' && (FORMATS as readonly string[]).includes(format)) settings.format = format as Settings['format'];
  else if (has('format')) problem('format', `must be one of ${FORMATS.join(', ')}; ignored`);

  const rules = section.rules;
  if (rules && typeof rules === 'object' && !Array.isArray(rules)) {
    const levels: Record<string, SeveritySetting> = {};
    for (const [code, level] of Object.entries(rules as Record<string, unknown>)) {
      if (!isCode(code)) problem('rules', `"${code}" is not a rule code; ignored`);
      else if (typeof level !== 'string' || !(LEVELS as readonly string[]).includes(level))
        problem('rules', `"${code}": ${JSON.stringify(level)} is not one of ${LEVELS.join(', ')}; ignored`);
      else levels[code] = level as SeveritySetting;
    }
    settings.rules = levels;
  } else if (has('rules')) {
    problem('rules', 'must be an object of rule codes and severities; ignored');
  }

  const groupTags = section.groupTags;
  if (Array.isArray(groupTags)) {
    settings.groupTags = groupTags.filter((tag): tag is string => typeof tag === 'string' && tag.length > 0);
    if (settings.groupTags.length < groupTags.filter((tag) => tag !== '').length)
      problem('groupTags', 'must hold strings only; the others are ignored');
  } else if (has('groupTags')) {
    problem('groupTags', 'must be an array of strings; ignored');
  }

  for (const key of ['onlyListedGroupTags', 'requireGroupTag'] as const) {
    const value = section[key];
    if (typeof value === 'boolean') settings[key] = value;
    else if (has(key)) problem(key, 'must be true or false; ignored');
  }

  const maxRows = section.maxRows;
  if (typeof maxRows === 'number' && maxRows >= 0) settings.maxRows = Math.floor(maxRows);
  else if (has('maxRows')) problem('maxRows', 'must be a number, 0 or more; ignored');
  return settings;
}
