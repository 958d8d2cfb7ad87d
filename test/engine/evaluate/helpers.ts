import { fileURLToPath } from 'node:url';
import { CellSpace } from '../../../engine/space/cell.js';

/** A 3-node cell, 3 edges, ops a/b: 8 genotypes; format `|a~0|+|a~0|b~1|`. */
export const tinyCell = new CellSpace({
    kind: 'cell',
    name: 'Tiny',
    nodes: 3,
    edges: [
        [0, 1],
        [0, 2],
        [1, 2],
    ],
    ops: [
        { name: 'a', args: {} },
        { name: 'b', args: {} },
    ],
});

export const TINY_CSV = fileURLToPath(new URL('../../fixtures/evaluate/tiny.csv', import.meta.url));
