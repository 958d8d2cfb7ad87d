import { NB201_SPACE_SPEC } from '../../../engine/space/nb201.js';
import type { DartsCellSpec, SpaceSpec } from '../../../engine/spec.js';

// The spaces of examples/tour.nas, written by hand as the DSL compiler would produce them.
const ops = (names: string[]) => names.map((name) => ({ name, args: {} }));
export const NB101: SpaceSpec = {
    name: 'NB101',
    constraints: [],
    components: [{ kind: 'graph', name: 'graph', maxNodes: 7, maxEdges: 9, ops: ops(['conv3x3_bn_relu', 'conv1x1_bn_relu', 'maxpool3x3']) }],
};
const normal: DartsCellSpec = {
    kind: 'darts',
    name: 'normal',
    inputs: 2,
    nodes: 4,
    pick: 2,
    ops: ops(['sep_conv_3x3', 'sep_conv_5x5', 'dil_conv_3x3', 'dil_conv_5x5', 'max_pool_3x3', 'avg_pool_3x3', 'skip_connect']),
};
export const DARTS: SpaceSpec = { name: 'DARTS', constraints: [], components: [normal, { ...normal, name: 'reduce' }] };
export const MOBILE: SpaceSpec = {
    name: 'Mobile',
    constraints: [],
    components: [
        {
            kind: 'chain',
            name: 'layers',
            layers: 20,
            params: [
                { kind: 'param', name: 'kernel', domain: { type: 'choice', values: [3, 5, 7] } },
                { kind: 'param', name: 'expand', domain: { type: 'choice', values: [3, 6] } },
                { kind: 'param', name: 'se', domain: { type: 'choice', values: [false, true] } },
            ],
        },
        { kind: 'param', name: 'width', domain: { type: 'choice', values: [0.75, 1.0, 1.25] } },
    ],
};
export const TRAINING: SpaceSpec = {
    name: 'Training',
    constraints: [],
    components: [
        { kind: 'param', name: 'optimizer', domain: { type: 'choice', values: ['sgd', 'adam'] } },
        { kind: 'param', name: 'lr', domain: { type: 'loguniform', low: 1e-4, high: 1e-1 } },
        { kind: 'param', name: 'momentum', domain: { type: 'uniform', low: 0.8, high: 0.99 }, when: { op: '==', param: 'optimizer', value: 'sgd' } },
        { kind: 'param', name: 'batch', domain: { type: 'choice', values: [64, 128, 256] } },
        { kind: 'param', name: 'epochs', domain: { type: 'randint', low: 10, high: 200, step: 10, highInclusive: false } },
        { kind: 'param', name: 'dropout', domain: { type: 'quniform', low: 0, high: 0.5, q: 0.1 } },
    ],
};
export const JOINT: SpaceSpec = {
    name: 'Joint',
    constraints: [],
    components: [
        { kind: 'subspace', name: 'arch', space: NB201_SPACE_SPEC },
        { kind: 'subspace', name: 'train', space: TRAINING },
    ],
};
