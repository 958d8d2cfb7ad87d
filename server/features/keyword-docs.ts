/**
 * One-line documentation of the language's keywords and distributions, for hover and completion.
 * Setting keys are documented per kind in engine/registry/kinds/; only their generic meaning
 * (outside any declaration) is here.
 */

export const KEYWORD_DOCS: Readonly<Record<string, string>> = {
    import: 'Makes the declarations of another `.nas` file visible here: `import "common.nas"` (path relative to this file).',
    ops: 'An op set `ops Name { op = impl(args) ... }`, or inside a cell/graph the ops every edge (node) picks from: `ops Name` or `ops [a, b, c]`.',
    space: 'A search space: the product of its cells, graphs, layer chains, parameters and sub-spaces, filtered by its constraints.',
    cell: 'A cell: a fixed DAG where every edge picks one op (NAS-Bench-201), or with `inputs`/`pick` a DARTS cell. `cell b = a` copies cell `a`.',
    graph: 'A graph (NAS-Bench-101): the topology is searched too, up to `max_nodes` nodes and `max_edges` edges; every inner node picks an op.',
    network: 'The macro skeleton around the cell (stem, stages, cells per stage, reduction, classes): used by the cost model, builders and training.',
    layers: '`layers N { ... }`: a chain of N layers; every layer picks each of the parameters in the block independently.',
    constraint: '`constraint flops <= 100M` / `constraint params <= 1.0M`: keeps only the members whose cost (from the network skeleton) satisfies it.',
    choice: '`choice [a, b, c]`: one of the listed values (categorical).',
    when: '`x dist when cond`: the parameter exists only when the condition on sibling parameters holds.',
    and: 'Both conditions hold.',
    or: 'At least one condition holds.',
    not: '`x not in [...]`: the value is none of the listed ones.',
    in: '`x in [...]`: the value is one of the listed ones.',
    evaluator: 'An evaluator scores architectures: `table("file.csv")`, `proxy(synflow)`, `train(dataset)` or `command("...")`.',
    policy: 'A shrinkage policy reduces a space to a better subspace: `lissnas(Space)`, `op_pruning(Space)` or `random_shrink(Space)`.',
    search: 'A search looks for the best architecture in a space or in a policy\'s result: `random(X)`, `evolution(X)` or `local(X)`.',
    nodes: '`nodes N`: number of nodes of the cell, input and output included (node 0 is the input, node N-1 the output).',
    edges: '`edges all` (every i -> j with i < j) or an explicit list `edges [0 -> 1, 1 -> 2]`; each edge picks one op.',
    all: 'Every edge i -> j with i < j.',
    inputs: '`inputs N`: input nodes of a DARTS cell (the two previous cells: 2).',
    pick: '`pick K`: predecessors each intermediate node of a DARTS cell picks (each with its own op).',
    max_nodes: '`max_nodes N`: largest number of nodes of the graph, input and output included.',
    max_edges: '`max_edges N`: largest number of edges of the graph.',
    evaluate: '`evaluate E`: the evaluator that scores architectures.',
    match: '`match P`: keep as many architectures as policy P\'s result (random baseline of the same size).',
    true: 'Boolean true.',
    false: 'Boolean false.',
};

/** What each distribution draws, with the NNI / Ray Tune / hyperopt meaning. */
export const DISTRIBUTION_DOCS: Readonly<Record<string, string>> = {
    uniform: 'A real value drawn uniformly in [low, high] (continuous).',
    loguniform: 'A real value whose logarithm is uniform in [log low, log high] (continuous; low > 0).',
    quniform: 'round(uniform(low, high) / q) × q: a value on the grid low, low+q, ..., high.',
    qloguniform: 'round(loguniform(low, high) / q) × q: a log-spaced value rounded to a multiple of q.',
    normal: 'A real value drawn from a normal distribution with mean mu and standard deviation sigma (continuous, unbounded).',
    lognormal: 'exp(normal(mu, sigma)): a positive real value (continuous).',
    qnormal: 'round(normal(mu, sigma) / q) × q (unbounded: infinitely many values).',
    qlognormal: 'round(lognormal(mu, sigma) / q) × q (unbounded: infinitely many values).',
    randint: 'An integer in [low, high) (NNI/Ray convention), every `step`; `inclusive: true` includes high.',
};

/** Generic meaning of a setting key, when it is not inside a declaration whose kind documents it. */
export function keywordDoc(word: string): string | undefined {
    return KEYWORD_DOCS[word] ?? DISTRIBUTION_DOCS[word];
}
