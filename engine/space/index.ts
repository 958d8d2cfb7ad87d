// Public surface of the search spaces: one `SearchSpace` interface, one compiler, one class per kind.
export type { Genotype, SearchSpace } from './types.js';
export { compileSpace, compileComponent, type CompileOptions } from './compile.js';
export { CellSpace, cellSpace } from './cell.js';
export { GraphSpace } from './graph.js';
export { DartsSpace } from './darts.js';
export { ChainSpace } from './chain.js';
export { ParamSpace } from './hpo.js';
export { ProductSpace, INACTIVE, type FixedLengthSpace, type ProductPart } from './product.js';
export { ConstrainedSpace } from './constrained.js';
export { ShrunkSpace, pocketsByComponents, type Pocket, type ShrunkSpaceJSON } from './shrunk.js';
export { NB201_SPACE_SPEC, NB201_CELL_SPEC, NB201_NETWORK_SPEC, nb201Space } from './nb201.js';
