import type { Condition, Scalar } from '../spec.js';
import type { ArchComponent } from './decisions.js';
import { formatHint } from './input.js';

/**
 * Python text shared by the Optuna and Ray modules: literals, conditions over the sampled `params` dict, and
 * `decode(params)`, which turns the flat per-edge/per-node choices (or a shrunk space's architecture string)
 * back into architectures and rejects what the format could not exclude (invalid NB101 graphs).
 */

export function py(x: Scalar | Scalar[] | null): string {
    if (x === null) return 'None';
    if (Array.isArray(x)) return `[${x.map(py).join(', ')}]`;
    if (typeof x === 'boolean') return x ? 'True' : 'False';
    if (typeof x === 'number') {
        if (!Number.isFinite(x)) return x > 0 ? 'float("inf")' : x < 0 ? 'float("-inf")' : 'float("nan")';
        return String(x);
    }
    // JSON string escapes are valid Python string escapes.
    return JSON.stringify(x);
}

/** A list literal; long lists (a shrunk space's architectures) one item per line at `indent`. */
export function pyList(values: Scalar[], indent: string): string {
    const flat = py(values);
    if (flat.length <= 100) return flat;
    return `[\n${values.map((v) => `${indent}    ${py(v)},`).join('\n')}\n${indent}]`;
}

/**
 * A condition as a Python expression over `get(name)` (None when the parameter is inactive), with the engine's
 * semantics: a reference to an inactive parameter makes `==`/`in` false and `!=`/`not in` true.
 */
export function pyCondition(c: Condition, get: (name: string) => string): string {
    switch (c.op) {
        case 'and':
        case 'or':
            return `(${pyCondition(c.left, get)} ${c.op} ${pyCondition(c.right, get)})`;
        case '==':
        case '!=':
            return `${get(c.param)} ${c.op} ${py(c.value)}`;
        case 'in':
        case 'not in':
            return `${get(c.param)} ${c.op} ${py(c.values)}`;
    }
}

const HELPERS = `
class InvalidArchitecture(ValueError):
    """A sampled assignment that is not an architecture of the space (e.g. a disconnected NB101 graph)."""


def _cell(params, prefix, edges):
    if prefix + ".edge_%d_%d" % edges[0] not in params:
        return None
    ops = {(i, j): params[prefix + ".edge_%d_%d" % (i, j)] for i, j in edges}
    last = max(j for _, j in edges)
    groups = ["|" + "|".join("%s~%d" % (ops[(i, j)], i) for i in range(j) if (i, j) in ops) + "|" for j in range(1, last + 1)]
    return {"edges": ops, "string": "+".join(groups)}


def _darts(params, prefix, inputs, nodes, pick):
    if prefix + ".node_%d.inputs" % inputs not in params:
        return None
    cell = []
    for n in range(inputs, inputs + nodes):
        sources = [int(s) for s in str(params[prefix + ".node_%d.inputs" % n]).split(",")]
        ops = [params[prefix + ".node_%d.op_%d" % (n, k)] for k in range(pick)]
        cell.append(list(zip(ops, sources)))
    string = "+".join("|" + "|".join("%s~%d" % pair for pair in node) + "|" for node in cell)
    return {"nodes": cell, "string": string}


def _graph(params, prefix, n, max_edges):
    if prefix + ".edge_0_1" not in params:
        return None
    matrix = [[0] * n for _ in range(n)]
    for i in range(n):
        for j in range(i + 1, n):
            matrix[i][j] = int(params[prefix + ".edge_%d_%d" % (i, j)])
    ops = [params[prefix + ".node_%d" % k] for k in range(1, n - 1)]
    edges = sum(map(sum, matrix))
    if edges > max_edges:
        raise InvalidArchitecture("%s: %d edges, at most %d allowed" % (prefix, edges, max_edges))
    seen, todo = {0}, [0]
    while todo:
        i = todo.pop()
        for j in range(n):
            if matrix[i][j] and j not in seen:
                seen.add(j)
                todo.append(j)
    if n - 1 not in seen:
        raise InvalidArchitecture("%s: the output node %d is not reachable from the input" % (prefix, n - 1))
    return {"matrix": matrix, "ops": ops}


def _arch_string(text, kind, inputs):
    """An NB201/DARTS architecture string: one '|op~source|...|' group per node after the inputs."""
    if kind == "other":
        return {"string": text}
    groups = []
    for group in text.strip().split("+"):
        body = group.strip()[1:-1]
        items = [item.rsplit("~", 1) for item in body.split("|")] if body else []
        groups.append([(op, int(src)) for op, src in items])
    if kind == "cell":
        return {"edges": {(src, j + 1): op for j, node in enumerate(groups) for op, src in node}, "string": text}
    return {"nodes": groups, "string": text}
`;

/** The helpers and `decode(params)` for the space's architecture components; empty for a pure HPO space. */
export function pyDecoder(components: ArchComponent[]): string {
    if (components.length === 0) return '';
    const lines = components.map((c) => {
        switch (c.kind) {
            case 'cell':
                return `    out[${py(c.prefix)}] = _cell(params, ${py(c.prefix)}, [${c.spec.edges.map(([a, b]) => `(${a}, ${b})`).join(', ')}])`;
            case 'darts':
                return `    out[${py(c.prefix)}] = _darts(params, ${py(c.prefix)}, ${c.spec.inputs}, ${c.spec.nodes}, ${c.spec.pick})`;
            case 'graph':
                return `    out[${py(c.prefix)}] = _graph(params, ${py(c.prefix)}, ${c.spec.maxNodes}, ${c.spec.maxEdges})`;
            case 'members':
                return `    # ${formatHint(c.baseKind)}\n    out[${py(c.prefix)}] = _arch_string(params[${py(c.prefix)}], ${py(c.baseKind)}, ${c.baseKind === 'darts' ? 2 : 1})`;
        }
    });
    return [
        HELPERS,
        '',
        'def decode(params):',
        '    """The architectures of sampled params: per component, its ops by edge/node and its lissnas string',
        '    (None for an inactive component); raises InvalidArchitecture for assignments that are not architectures."""',
        '    out = {}',
        ...lines,
        '    return out',
        '',
    ].join('\n');
}
