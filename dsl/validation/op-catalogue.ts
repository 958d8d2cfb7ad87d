/**
 * The operations the language knows: implementation kinds (the right side of `name = kind(args)` in an
 * `ops` block) and the op names of the NAS-Bench-201, NAS-Bench-101 and DARTS vocabularies (usable bare in
 * `ops [...]`). One table for the validator, completion and hover.
 */

export interface OpArgument {
    name: string;
    required: boolean;
    doc: string;
}

export interface OpImplementation {
    kind: string;
    /** Other spellings accepted for the same kind (the cost model accepts them too). */
    aliases: string[];
    args: OpArgument[];
    doc: string;
}

const KERNEL: OpArgument = { name: 'kernel', required: true, doc: 'square kernel size, a positive integer (1, 3, 5, ...)' };

export const OP_IMPLEMENTATIONS: readonly OpImplementation[] = [
    { kind: 'identity', aliases: ['skip', 'skip_connect'], args: [], doc: 'Passes its input through (a skip connection; factorized reduce when the stride is 2).' },
    { kind: 'zero', aliases: ['none'], args: [], doc: 'Outputs zeros: the edge is absent.' },
    { kind: 'relu_conv_bn', aliases: ['nor_conv'], args: [KERNEL], doc: 'ReLU, convolution, batch norm (NAS-Bench-201 `nor_conv`).' },
    { kind: 'conv_bn_relu', aliases: [], args: [KERNEL], doc: 'Convolution, batch norm, ReLU (NAS-Bench-101 `conv_bn_relu`).' },
    { kind: 'sep_conv', aliases: [], args: [KERNEL], doc: 'Depthwise-separable convolution applied twice (DARTS `sep_conv`).' },
    {
        kind: 'dil_conv',
        aliases: [],
        args: [KERNEL, { name: 'dilation', required: false, doc: 'dilation rate (default 2)' }],
        doc: 'Dilated depthwise-separable convolution (DARTS `dil_conv`).',
    },
    { kind: 'avg_pool', aliases: [], args: [KERNEL], doc: 'Average pooling (stride 1 inside a cell).' },
    { kind: 'max_pool', aliases: [], args: [KERNEL], doc: 'Max pooling (stride 1 inside a cell).' },
    { kind: 'linear', aliases: [], args: [{ name: 'features', required: false, doc: 'output features (default: the input width)' }], doc: 'A fully connected layer.' },
];

/** Finds an implementation kind by name or alias. */
export function findOpImplementation(kind: string): OpImplementation | undefined {
    return OP_IMPLEMENTATIONS.find((impl) => impl.kind === kind || impl.aliases.includes(kind));
}

/** Every spelling of every implementation kind (for "did you mean"). */
export function opImplementationNames(): string[] {
    return OP_IMPLEMENTATIONS.flatMap((impl) => [impl.kind, ...impl.aliases]);
}

export type OpVocabulary = 'NB201' | 'NB101' | 'DARTS';

export interface KnownOp {
    name: string;
    vocabularies: OpVocabulary[];
    /** What the bare name computes, written as an implementation (`relu_conv_bn(kernel: 3)`). */
    impl: string;
}

export const KNOWN_OPS: readonly KnownOp[] = [
    { name: 'none', vocabularies: ['NB201', 'DARTS'], impl: 'zero' },
    { name: 'skip_connect', vocabularies: ['NB201', 'DARTS'], impl: 'identity' },
    { name: 'nor_conv_1x1', vocabularies: ['NB201'], impl: 'relu_conv_bn(kernel: 1)' },
    { name: 'nor_conv_3x3', vocabularies: ['NB201'], impl: 'relu_conv_bn(kernel: 3)' },
    { name: 'avg_pool_3x3', vocabularies: ['NB201', 'DARTS'], impl: 'avg_pool(kernel: 3)' },
    { name: 'conv3x3_bn_relu', vocabularies: ['NB101'], impl: 'conv_bn_relu(kernel: 3)' },
    { name: 'conv1x1_bn_relu', vocabularies: ['NB101'], impl: 'conv_bn_relu(kernel: 1)' },
    { name: 'maxpool3x3', vocabularies: ['NB101'], impl: 'max_pool(kernel: 3)' },
    { name: 'max_pool_3x3', vocabularies: ['DARTS'], impl: 'max_pool(kernel: 3)' },
    { name: 'sep_conv_3x3', vocabularies: ['DARTS'], impl: 'sep_conv(kernel: 3)' },
    { name: 'sep_conv_5x5', vocabularies: ['DARTS'], impl: 'sep_conv(kernel: 5)' },
    { name: 'dil_conv_3x3', vocabularies: ['DARTS'], impl: 'dil_conv(kernel: 3, dilation: 2)' },
    { name: 'dil_conv_5x5', vocabularies: ['DARTS'], impl: 'dil_conv(kernel: 5, dilation: 2)' },
];

export function findKnownOp(name: string): KnownOp | undefined {
    return KNOWN_OPS.find((op) => op.name === name);
}

/** Whether a bare op name means "no operation" (an absent edge). */
export function isZeroOp(name: string, impl?: string): boolean {
    if (impl !== undefined) return findOpImplementation(impl)?.kind === 'zero';
    return name === 'none' || name === 'zero';
}
