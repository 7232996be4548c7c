// PLACEHOLDER until the product ID rules land (being written now).
import type { DataRow, Emit, RuleContext } from './context';
export function checkProductId(_ctx: RuleContext, _device: DataRow, _emit: Emit): void {}
