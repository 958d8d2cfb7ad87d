/**
 * The pocket map of a run: every evaluated architecture placed in 2-D by an embedding of the space's own
 * `distance`, with what the pocket view needs to colour, outline and draw it. `lissnas map RUN_DIR --json`
 * prints one on stdout; the extension host checks it with `PocketMapCheck` and hands it to the pocket webview.
 *
 * A wire format (process and webview boundaries): plain JSON, validated at runtime, extra fields allowed.
 */

import { arrayOf, bool, int, num, oneOf, opt, shape, str, validator, type Check } from './check.js';

export const POCKET_MAP_FORMAT = 'lissnas-map/1';

/** A DAG to draw: a cell (NB201: one; DARTS: normal and reduce), or a graph space's pruned graph. */
export interface DrawnGraph {
    title: string;
    nodes: Array<{ id: string; label: string }>;
    /** `label`: the op on the edge (cells), absent for plain graph edges. */
    edges: Array<{ from: string; to: string; label?: string }>;
}

/** Rows to show as a table: a chain's layers, a hyperparameter assignment. */
export interface DrawnTable {
    title: string;
    columns: string[];
    rows: string[][];
}

/** How to draw one architecture; a product space gives the graphs and tables of all its parts. */
export interface ArchDrawing {
    graphs: DrawnGraph[];
    tables: DrawnTable[];
}

export interface MapPoint {
    key: string;
    /** The formatted genotype (`space.format`), what "copy architecture" copies. */
    arch: string;
    x: number;
    y: number;
    /** Search metric and report metric; absent when the evaluation failed (`error` says why). */
    metric?: number;
    report?: number;
    error?: string;
    /** Member of the returned (shrunk) space; for a search run: always false. */
    member: boolean;
    /** Index into `pockets` of the pocket it belongs to (nearest seed within the radius), if any. */
    pocket?: number;
    /** Iteration that first evaluated it (shrinkage), or the query index (search), 1-based. */
    iteration?: number;
    drawing: ArchDrawing;
}

export interface MapPocket {
    seed: string;
    /** Key of the seed architecture (its point, when it was evaluated). */
    seedKey: string;
    members: number;
    radius: number;
    bestMetric?: number;
    meanMetric?: number;
}

export interface PocketMap {
    format: typeof POCKET_MAP_FORMAT;
    command: 'shrink' | 'search';
    /** Policy or search name. */
    name: string;
    /** Name of the space the distances were measured in. */
    space: string;
    /** Column or measure names shown in legends ("c10_val_naslib", "c10_test"), when known. */
    metricName?: string;
    reportName?: string;
    embedding: {
        method: 'classical-mds' | 'landmark-mds';
        /** Landmarks used (all points for classical MDS). */
        landmarks: number;
        /** Share of the (landmark) distance variance the two axes explain, 0..1. */
        explained: number;
    };
    points: MapPoint[];
    pockets: MapPocket[];
    /** Key of the best evaluated architecture by the search metric. */
    bestKey?: string;
}

const drawing: Check = shape({
    graphs: arrayOf(
        shape({
            title: str,
            nodes: arrayOf(shape({ id: str, label: str })),
            edges: arrayOf(shape({ from: str, to: str, label: opt(str) })),
        }),
    ),
    tables: arrayOf(shape({ title: str, columns: arrayOf(str), rows: arrayOf(arrayOf(str)) })),
});

const point: Check = shape({
    key: str,
    arch: str,
    x: num,
    y: num,
    metric: opt(num),
    report: opt(num),
    error: opt(str),
    member: bool,
    pocket: opt(int),
    iteration: opt(int),
    drawing,
});

const pocket: Check = shape({ seed: str, seedKey: str, members: int, radius: num, bestMetric: opt(num), meanMetric: opt(num) });

export const PocketMapCheck = validator<PocketMap>(
    shape({
        format: oneOf(POCKET_MAP_FORMAT),
        command: oneOf('shrink', 'search'),
        name: str,
        space: str,
        metricName: opt(str),
        reportName: opt(str),
        embedding: shape({ method: oneOf('classical-mds', 'landmark-mds'), landmarks: int, explained: num }),
        points: arrayOf(point),
        pockets: arrayOf(pocket),
        bestKey: opt(str),
    }),
    'map',
);
