// PLACEHOLDER until the group tag rules land (being written now).
import type { DataRow, Emit, RuleContext } from './context';
export function checkGroupTag(_ctx: RuleContext, _device: DataRow, _emit: Emit): void {}
export function checkGroupTagsAcrossRows(_ctx: RuleContext, _devices: DataRow[], _emit: Emit): void {}
