// Public surface of the cost model (FLOPs and parameters in the NAS-Bench-201 convention).
export type { Cost } from './layers.js';
export { opCostKind, type OpCostKind } from './ops.js';
export {
    cellCostTable,
    cellCostTableOfKinds,
    costOfCell,
    costFromTable,
    NB201_CIFAR10,
    NB201_CIFAR100,
    NB201_IMAGENET16_120,
    type CellCostTable,
} from './network.js';
export { satisfies, describeConstraint } from './constraints.js';
export { countCellsByCost, anyCellSatisfies, type CellCount, type CellCountOptions, type CellCountMethod } from './count.js';
