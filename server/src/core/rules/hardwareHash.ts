// PLACEHOLDER until the hash rules land (being written now).
import type { DataRow, Emit, RuleContext } from './context';
export function checkHardwareHash(_ctx: RuleContext, _device: DataRow, _emit: Emit): void {}
