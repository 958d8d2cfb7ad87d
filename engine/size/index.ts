/** Exact search-space sizes (BigInt) and the canonical-class counts behind them: see docs/sizes.md. */
export { sizeOfSpace, sizeBreakdown, componentSize, productOf, sumOf, plain, type ComponentSize } from './space.js';
export { formatSize, formatCount, formatNumber } from './format.js';
export { countUniqueGraphs, graphRawSize, graphSize } from './graphs.js';
export { cellSize, countUniqueCells, classSize } from './cells.js';
export { dartsSize, dartsRawSize, countUniqueDarts } from './darts.js';
export { domainSize, domainValues, chainSize } from './params.js';
export { DEFAULT_WORK_LIMIT, DEFAULT_SAMPLES, DEFAULT_CELL_SAMPLES, DEFAULT_PRECISION, DEFAULT_ESTIMATE_WORK, type SpaceSize, type SizeOptions } from './types.js';
