// PLACEHOLDER until the identity rules land (being written now).
import type { DataRow, Emit, RuleContext } from './context';
export function checkIdentity(_ctx: RuleContext, _device: DataRow, _emit: Emit): void {}
export function checkDuplicates(_ctx: RuleContext, _devices: DataRow[], _emit: Emit): void {}
