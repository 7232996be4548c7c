// Settings from an editor's `autopilot` configuration section, read defensively: a wrong type in
// settings.json falls back to the default instead of breaking validation.
import { isCode } from './codes';
import type { Settings, SeveritySetting } from './types';

export function settingsFromConfiguration(raw: unknown): Partial<Settings> {
  if (!raw || typeof raw !== 'object') return {};
  const section = raw as Record<string, unknown>;
  const settings: Partial<Settings> = {};
  if (section.format === 'auto' || section.format === 'intune' || section.format === 'partner-center' || section.format === 'mmd-portal') {
    settings.format = section.format;
  }
  if (section.rules && typeof section.rules === 'object') {
    const rules: Record<string, SeveritySetting> = {};
    for (const [code, level] of Object.entries(section.rules as Record<string, unknown>)) {
      if (isCode(code) && (level === 'off' || level === 'hint' || level === 'info' || level === 'warning' || level === 'error')) {
        rules[code] = level;
      }
    }
    settings.rules = rules;
  }
  if (Array.isArray(section.groupTags)) {
    settings.groupTags = section.groupTags.filter((tag): tag is string => typeof tag === 'string' && tag.length > 0);
  }
  if (typeof section.onlyListedGroupTags === 'boolean') settings.onlyListedGroupTags = section.onlyListedGroupTags;
  if (typeof section.requireGroupTag === 'boolean') settings.requireGroupTag = section.requireGroupTag;
  if (typeof section.maxRows === 'number' && section.maxRows >= 0) settings.maxRows = Math.floor(section.maxRows);
  return settings;
}
