/**
 * The engine's description of a `.nas` document: plain data, no Langium, no VS Code.
 *
 * `dsl/compile.ts` turns the Langium AST into these values; everything in `engine/` (sizes, spaces,
 * evaluators, policies, searches, the CLI) consumes them. Keeping the contract here lets the engine be
 * used without the language (tests, scripts, other front ends).
 */

import type { ShrunkSpaceJSON } from './space/shrunk.js';

/** A scalar that a categorical choice can hold. */
export type Scalar = number | string | boolean;

/** One operation of an op set: `nor_conv_3x3 = relu_conv_bn(kernel: 3)`; `none` has no implementation. */
export interface OpSpec {
    name: string;
    /** The implementation kind (`identity`, `relu_conv_bn`, `avg_pool`, ...) or undefined for a bare name. */
    impl?: string;
    args: Record<string, Scalar>;
}

/** NAS-Bench-201 style cell: a fixed DAG on `nodes` nodes; every listed edge picks exactly one op. */
export interface CellSpec {
    kind: 'cell';
    name: string;
    /** Node 0 is the input, node `nodes - 1` the output. */
    nodes: number;
    /** Edges `[from, to]` with from < to, ordered by target node then source node (NB201 string order). */
    edges: Array<[number, number]>;
    ops: OpSpec[];
}

/** DARTS style cell: `inputs` input nodes, `nodes` intermediate nodes, each picks `pick` distinct predecessors and one op per picked input. */
export interface DartsCellSpec {
    kind: 'darts';
    name: string;
    inputs: number;
    nodes: number;
    pick: number;
    ops: OpSpec[];
}

/** NAS-Bench-101 style graph: topology is searched; every inner node has an op; node 0 input, last node output. */
export interface GraphSpec {
    kind: 'graph';
    name: string;
    /** Including input and output. */
    maxNodes: number;
    maxEdges: number;
    ops: OpSpec[];
}

/** A domain of one hyperparameter, with the vocabulary NNI, Ray Tune and hyperopt share. */
export type Domain =
    | { type: 'choice'; values: Scalar[] }
    | { type: 'uniform' | 'loguniform'; low: number; high: number }
    | { type: 'quniform' | 'qloguniform'; low: number; high: number; q: number }
    | { type: 'normal' | 'lognormal'; mu: number; sigma: number }
    | { type: 'qnormal' | 'qlognormal'; mu: number; sigma: number; q: number }
    /** Integers low, low+step, ... < high when `highInclusive` is false (NNI/Ray convention), <= high otherwise. */
    | { type: 'randint'; low: number; high: number; step: number; highInclusive: boolean };

/** `x == v`, `x != v`, `x in [..]`, combined with and/or. Refers to sibling parameters by name. */
export type Condition =
    | { op: '==' | '!='; param: string; value: Scalar }
    | { op: 'in' | 'not in'; param: string; values: Scalar[] }
    | { op: 'and' | 'or'; left: Condition; right: Condition };

export interface ParamSpec {
    kind: 'param';
    name: string;
    domain: Domain;
    when?: Condition;
}

/** `layers 20 { kernel choice [3,5,7] ... }`: every layer picks each parameter independently. */
export interface ChainSpec {
    kind: 'chain';
    name: string;
    layers: number;
    params: ParamSpec[];
}

/** `arch NB201`: a named factor that is another space (a product). */
export interface SubspaceSpec {
    kind: 'subspace';
    name: string;
    space: SpaceSpec;
    when?: Condition;
}

export type ComponentSpec = CellSpec | DartsCellSpec | GraphSpec | ChainSpec | ParamSpec | SubspaceSpec;

/**
 * Macro skeleton used by the cost model, network builders and training. `stem` and `stages` hold a cell network's
 * values (NAS-Bench-201's when not written); a layer chain reads them only when `written` names them, and
 * MobileNetV2's otherwise (engine/space/network-keys.ts `chainFrameOf`).
 */
export interface NetworkSpec {
    stem: number;
    stages: number[];
    cellsPerStage: number;
    reduction: 'resnet' | 'cell';
    classes: number;
    /** Input resolution and channels; CIFAR defaults (32, 3). */
    inputSize: number;
    inputChannels: number;
    /** Layer chains: the first-block stride (1 or 2) of each stage, as written (absent: MobileNetV2's, with its stages). */
    strides?: number[];
    /** Layer chains: channels of the head Conv1x1, as written (absent: 1280). */
    head?: number;
    /**
     * The keys the `network` block wrote (absent: a built-in skeleton, nothing written). A chain takes its own defaults
     * for the rest, and a key written for the other kind of network is refused (engine/space/network-keys.ts).
     */
    written?: string[];
}

export type ConstraintMetric = 'flops' | 'params';

/** `constraint flops <= 100M`: value already scaled to base units (FLOPs, parameters), not millions. */
export interface ConstraintSpec {
    metric: ConstraintMetric;
    op: '<=' | '<' | '>=' | '>' | '==';
    value: number;
}

/** A space: the product of its components, filtered by its constraints (evaluated on its network skeleton). */
export interface SpaceSpec {
    name: string;
    components: ComponentSpec[];
    network?: NetworkSpec;
    constraints: ConstraintSpec[];
    /**
     * `space Found = shrunk(NB201, "runs/x/result.json")`: only the members a shrink run saved. `components`,
     * `network` and `constraints` are then the base space's (they decode the members and drive the cost model).
     */
    saved?: SavedSpaceSpec;
}

/** A space saved by a run, named in a `.nas` file (docs/language.md "Saved spaces"). */
export interface SavedSpaceSpec {
    kind: 'shrunk';
    /** The path as written: relative to the folder of `sourceFile`. */
    path: string;
    /** Absolute path of the `.nas` file that declared it. */
    sourceFile?: string;
    /** The base space's name: the file's members are its genotypes, and the file must say it was shrunk in it. */
    base: string;
    /**
     * The file's shrunk space, put here by the loader (dsl/saved-spaces.ts) after reading and checking the file, so
     * the spec is self-contained (a study's snapshot searches the same members even if the file changes later).
     */
    space?: ShrunkSpaceJSON;
    /** Where the members came from (the shrink result's policy, seed and dataset), for hovers and reports. */
    origin?: { policy?: string; seed?: number; dataset?: string };
}

export type SettingValue =
    | { kind: 'number'; value: number }
    /** A number with a unit: `100M`, `5%`, `30m`. `value` is the number as written, `unit` the suffix. */
    | { kind: 'quantity'; value: number; unit: string }
    | { kind: 'string'; value: string }
    | { kind: 'boolean'; value: boolean }
    | { kind: 'word'; value: string }
    | { kind: 'list'; items: SettingValue[] }
    | { kind: 'call'; name: string; args: Array<{ name?: string; value: SettingValue }> };

/** A `key values...` line inside an evaluator, policy or search body. */
export interface Setting {
    key: string;
    values: SettingValue[];
}

export interface EvaluatorSpec {
    name: string;
    /** `table`, `proxy`, `train`, `command`. */
    kind: string;
    args: Array<{ name?: string; value: SettingValue }>;
    settings: Setting[];
    /** Absolute path of the `.nas` file that declared it: relative paths resolve against its folder. */
    sourceFile?: string;
}

export interface PolicySpec {
    name: string;
    /** `lissnas`, `op_pruning`, `random_shrink`. */
    kind: string;
    space: SpaceSpec;
    /** Name of the evaluator of `evaluate NAME`, if any. */
    evaluator?: string;
    /** Name of the policy of `match NAME` (random_shrink sized like another policy's result). */
    match?: string;
    settings: Setting[];
}

export interface SearchSpec {
    name: string;
    /** `random`, `evolution`, `local`. */
    kind: string;
    /** Searched either in a full space or in the result of a policy. */
    target: { kind: 'space'; space: SpaceSpec } | { kind: 'policy'; policy: string };
    evaluator?: string;
    settings: Setting[];
}

/** Everything one `.nas` file (with its imports) declares. */
export interface DocumentSpec {
    spaces: SpaceSpec[];
    evaluators: EvaluatorSpec[];
    policies: PolicySpec[];
    searches: SearchSpec[];
}
