"""NAS-Bench-101 graph networks (Ying et al., ICML 2019) from a graph plan and a genotype.

The network of the reference code (github google-research/nasbench, nasbench/lib/model_builder.py and base_ops.py),
written again here (not copied) for torch:
  stem: Conv3x3(inputChannels -> stem) + BN + ReLU
  stacks of `cellsPerStage` cells, stack i at `stacks[i]` channels from its first cell on (NAS-Bench-101's three:
         stem, 2 stem, 4 stem); before every stack but the first, MaxPool 2x2 stride 2 (ceil_mode: TF's 'same'
         padding on an odd size)
  each cell, on the graph pruned as the reference's ModelSpec prunes it (vertices off every input -> output path
         dropped): vertex channels as the reference's `compute_vertex_channels` (the cell's output channels split over
         the vertices feeding the output, the remainder one each to the first of them; every other interior vertex as
         many as the widest vertex it feeds); vertex t sums its interior inputs (each cut to its first
         channels(t) channels when one wider) and, when input -> t is an edge, the cell input projected by a
         Conv1x1-BN-ReLU to channels(t); then applies its op. The output concatenates the vertices feeding it and
         adds the cell input projected to the output channels when input -> output is an edge (that projection alone
         when no interior vertex feeds the output)
  head: global average pooling, Linear(last stack's channels -> classes)
Vertex ops (protocol/neural-worker.ts WireGraphOp), all C -> C at stride 1 with 'same' padding: conv_bn_relu(k)
(base_ops.py Conv3x3BnRelu / Conv1x1BnRelu), max or average pooling k (MaxPool3x3; the average leaves the padding out,
as TF's 'same' pooling does), identity.

The genotype is the graph space's (engine/space/graph.ts): the upper triangle's adjacency bits row by row, then the op
index of each inner vertex. `bn=False` builds synflow's linearised network (BN removed). `cut_hook` rescales the
activation after the stem and after every cell (proxies.py synflow): without BN every op here (convolutions without
bias, ReLU, max and average pooling, sums, slices, concatenation) is positively homogeneous of degree 1, so the rest of
the network is too in the tensor that crosses the cut, and the rescaling stays exact.
"""
import torch
import torch.nn as nn

import network

def genotype_length(nodes):
    return nodes * (nodes - 1) // 2 + nodes - 2


def decode(nodes, genotype):
    """The adjacency matrix and the inner vertices' op indices of a genotype (engine/space/graph.ts `decode`)."""
    matrix = [[0] * nodes for _ in range(nodes)]
    k = 0
    for i in range(nodes):
        for j in range(i + 1, nodes):
            matrix[i][j] = 1 if genotype[k] else 0
            k += 1
    return matrix, list(genotype[k:])


def prune(matrix, ops):
    """The graph without the vertices off every input -> output path (the reference's ModelSpec._prune), and the op
    index of each kept inner vertex; None when the output is not reachable from the input."""
    n = len(matrix)
    from_input = [v == 0 for v in range(n)]
    for j in range(1, n):
        from_input[j] = any(matrix[i][j] and from_input[i] for i in range(j))
    to_output = [v == n - 1 for v in range(n)]
    for i in range(n - 2, -1, -1):
        to_output[i] = any(matrix[i][j] and to_output[j] for j in range(i + 1, n))
    if not from_input[n - 1]:
        return None
    keep = [v for v in range(n) if from_input[v] and to_output[v]]
    pruned = [[matrix[a][b] if a < b else 0 for b in keep] for a in keep]
    return pruned, [ops[v - 1] for v in keep[1:-1]]


def vertex_channels(cin, cout, matrix):
    """Channels of every vertex of a pruned graph, as the reference's compute_vertex_channels."""
    n = len(matrix)
    channels = [0] * n
    channels[0], channels[n - 1] = cin, cout
    if n == 2:
        return channels
    feeding = sum(matrix[v][n - 1] for v in range(1, n - 1))
    base, extra = divmod(cout, feeding)
    for v in range(1, n - 1):
        if matrix[v][n - 1]:
            channels[v] = base + (1 if extra else 0)
            extra -= 1 if extra else 0
    # The others, backwards: as wide as the widest vertex they feed (n - 2 can only feed the output).
    for v in range(n - 3, 0, -1):
        if not matrix[v][n - 1]:
            channels[v] = max([channels[v]] + [channels[d] for d in range(v + 1, n - 1) if matrix[v][d]])
    return channels


def conv_bn_relu(cin, cout, kernel, bn):
    return nn.Sequential(
        nn.Conv2d(cin, cout, kernel, stride=1, padding=kernel // 2, bias=False, **network._FACTORY),
        network._bn(cout, bn),
        nn.ReLU(inplace=False),
    )


def make_op(op, c, bn=True):
    kind = op['kind']
    if kind == 'conv_bn_relu':
        return conv_bn_relu(c, c, op['kernel'], bn)
    if kind == 'pool':
        pad = op['kernel'] // 2
        if op.get('mode', 'max') == 'max':
            return nn.MaxPool2d(op['kernel'], stride=1, padding=pad)
        return nn.AvgPool2d(op['kernel'], stride=1, padding=pad, count_include_pad=False)
    if kind == 'identity':
        return nn.Identity()
    raise ValueError('unknown graph vertex op kind %r' % (kind,))


class GraphCell(nn.Module):
    """One NAS-Bench-101 module (model_builder.py build_module) on a pruned graph."""

    def __init__(self, matrix, ops, op_specs, cin, cout, bn=True):
        super().__init__()
        n = len(matrix)
        self.n = n
        self.matrix = matrix
        self.channels = vertex_channels(cin, cout, matrix)
        self.ops = nn.ModuleList([make_op(op_specs[ops[t - 1]], self.channels[t], bn) for t in range(1, n - 1)])
        # projections[t]: the cell input projected into vertex t (the output included), where input -> t is an edge.
        self.projections = nn.ModuleDict({str(t): conv_bn_relu(cin, self.channels[t], 1, bn) for t in range(1, n) if matrix[0][t]})

    def forward(self, x):
        n, channels = self.n, self.channels
        tensors = [x]
        concat = []
        for t in range(1, n - 1):
            total = None
            for src in range(1, t):
                if self.matrix[src][t]:
                    y = tensors[src][:, : channels[t]]
                    total = y if total is None else total + y
            if self.matrix[0][t]:
                y = self.projections[str(t)](x)
                total = y if total is None else total + y
            tensors.append(self.ops[t - 1](total))
            if self.matrix[t][n - 1]:
                concat.append(tensors[t])
        if not concat:
            return self.projections[str(n - 1)](x)
        out = concat[0] if len(concat) == 1 else torch.cat(concat, dim=1)
        if self.matrix[0][n - 1]:
            out = out + self.projections[str(n - 1)](x)
        return out


class GraphNetwork(nn.Module):
    def __init__(self, net, graph, genotype, bn=True):
        super().__init__()
        nodes = graph['nodes']
        if len(genotype) != genotype_length(nodes):
            raise ValueError('a graph genotype on %d vertices has %d numbers, got %d' % (nodes, genotype_length(nodes), len(genotype)))
        pruned = prune(*decode(nodes, genotype))
        if pruned is None:
            raise ValueError('the graph output is not reachable from its input')
        matrix, ops = pruned
        self.cut_hook = None
        self.stem = conv_bn_relu(net['inputChannels'], graph['stem'], 3, bn)
        layers = []
        cin = graph['stem']
        for stack, c in enumerate(graph['stacks']):
            if stack > 0:
                layers.append(nn.MaxPool2d(2, stride=2, ceil_mode=True))
            for _ in range(graph['cellsPerStage']):
                layers.append(GraphCell(matrix, ops, graph['ops'], cin, c, bn))
                cin = c
        self.layers = nn.ModuleList(layers)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.classifier = nn.Linear(cin, net['classes'], **network._FACTORY)

    def _cut(self, x):
        return x if self.cut_hook is None else self.cut_hook(x)

    def forward(self, x):
        x = self._cut(self.stem(x))
        for layer in self.layers:
            x = layer(x)
            if isinstance(layer, GraphCell):
                x = self._cut(x)
        return self.classifier(self.pool(x).flatten(1))
