// PLACEHOLDER until the serial rules land (being written now).
import type { DataRow, Emit, RuleContext } from './context';
export function checkSerialNumber(_ctx: RuleContext, _device: DataRow, _emit: Emit): void {}
