import type { WireOp } from '../../protocol/neural-worker.js';
import type { OpSpec } from '../spec.js';
import { addCost, batchNorm, conv, convOutputSize, reluConvBn, ZERO_COST, type Cost } from './layers.js';

/**
 * What an edge operation costs depends only on its kind and kernel: the four NAS-Bench-201 kinds.
 * An op declared with an implementation (`nor_conv_3x3 = relu_conv_bn(kernel: 3)`) is resolved from it;
 * a bare name (`ops [none, skip_connect, ...]`) falls back to the NB201/DARTS naming convention.
 */
export type OpCostKind =
    | { kind: 'zero' }
    | { kind: 'identity' }
    | { kind: 'relu_conv_bn'; kernel: number }
    | { kind: 'pool'; kernel: number };

/** How one edge instance is wired: channels in/out, stride, input resolution. */
export interface EdgeShape {
    cin: number;
    cout: number;
    stride: number;
    inSize: number;
}

/** The op's cost kind, or a sentence saying why it has none. */
export function opCostKind(op: OpSpec): OpCostKind | string {
    if (op.impl !== undefined) return fromImpl(op);
    return fromName(op.name) ?? `op '${op.name}' has no implementation and its name is not a known NB201 op`;
}

/** An op as the network builders know it: its cost kind (so builders and cost model agree), plus avg/max pooling. */
export function wireOp(op: OpSpec): WireOp | string {
    const kind = opCostKind(op);
    if (typeof kind === 'string') return kind;
    if (kind.kind === 'pool') return { kind: 'pool', kernel: kind.kernel, mode: (op.impl ?? op.name).toLowerCase().startsWith('max') ? 'max' : 'avg' };
    return kind;
}

function fromImpl(op: OpSpec): OpCostKind | string {
    const impl = op.impl!.toLowerCase();
    const kernel = kernelArg(op);
    switch (impl) {
        case 'none':
        case 'zero':
            return { kind: 'zero' };
        case 'identity':
        case 'skip':
        case 'skip_connect':
            return { kind: 'identity' };
        case 'relu_conv_bn':
        case 'nor_conv':
            return typeof kernel === 'number' ? { kind: 'relu_conv_bn', kernel } : kernel;
        case 'avg_pool':
        case 'max_pool':
            return typeof kernel === 'number' ? { kind: 'pool', kernel } : kernel;
        default:
            return `op '${op.name}': the cost model does not know the implementation '${op.impl}'`;
    }
}

/** The op's `kernel` argument (or `k`, or its only argument), or why it is not a positive integer. */
export function kernelArg(op: OpSpec): number | string {
    const raw = op.args.kernel ?? op.args.k ?? Object.values(op.args)[0];
    if (typeof raw === 'number' && Number.isInteger(raw) && raw >= 1) return raw;
    return `op '${op.name}' = ${op.impl}(...) needs a positive integer kernel`;
}

const NAMED_KERNEL = /^(nor_conv|avg_pool|max_pool)_(\d+)x\2$/;

function fromName(name: string): OpCostKind | undefined {
    if (name === 'none' || name === 'zero') return { kind: 'zero' };
    if (name === 'skip_connect' || name === 'identity' || name === 'skip') return { kind: 'identity' };
    const m = NAMED_KERNEL.exec(name);
    if (!m) return undefined;
    const kernel = Number(m[2]);
    return m[1] === 'nor_conv' ? { kind: 'relu_conv_bn', kernel } : { kind: 'pool', kernel };
}

/**
 * Cost of one op instance, following NB201's `OPS` table (xautodl `cell_operations.py`):
 * - `none` (Zero): nothing.
 * - `skip_connect`: identity when stride 1 and Cin == Cout; `FactorizedReduce` for stride 2 (two 1x1
 *   stride-2 convs producing Cout/2 channels each, then BN(Cout)); ReLU-Conv1x1-BN for a channel change.
 * - `nor_conv_kxk`: ReLU-Conv(kxk, stride)-BN.
 * - `avg_pool_kxk`: the pool is free; a channel change adds NB201's ReLU-Conv1x1-BN preprocess at the input resolution.
 */
export function opCost(op: OpCostKind, shape: EdgeShape): Cost {
    const { cin, cout, stride, inSize } = shape;
    switch (op.kind) {
        case 'zero':
            return ZERO_COST;
        case 'identity': {
            if (stride === 1 && cin === cout) return ZERO_COST;
            if (stride === 1) return reluConvBn(cin, cout, 1, inSize);
            const outSize = convOutputSize(inSize, 1, stride);
            return addCost(conv(cin, cout, 1, outSize), batchNorm(cout));
        }
        case 'relu_conv_bn':
            return reluConvBn(cin, cout, op.kernel, convOutputSize(inSize, op.kernel, stride));
        case 'pool':
            return cin === cout ? ZERO_COST : reluConvBn(cin, cout, 1, inSize);
    }
}
