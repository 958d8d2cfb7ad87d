"""NAS-Bench-201 networks from a genotype: the macro skeleton of xautodl's `TinyNetwork` around `InferCell`.

Mirrors engine/cost/network.ts exactly (that file is the parameter/FLOP model the tests compare with):
  stem: Conv3x3(channels -> stem) + BN
  for each stage s: [a ResNet reduction block into stages[s] unless s = 0, or the cell with stride 2 when
  reduction == 'cell'], then `cellsPerStage` cells at stages[s]
  head: BN + ReLU, global average pooling, Linear(stages[-1] -> classes)
Edge ops: zero (NB201 `none`), identity (`skip_connect`; FactorizedReduce / ReLU-Conv1x1-BN when the shape
changes), relu_conv_bn(kernel), pool(kernel, avg|max) with NB201's ReLU-Conv1x1-BN preprocess on a channel change.

`bn=False` replaces every BatchNorm by an identity (synflow's linearised network, as in Abdelfattah et al.'s code).
`cut_hook(x)` is called on the tensor at every cut vertex (stem, each cell, each reduction) and its return value
replaces it: synflow rescales there to stay inside float range (proxies.py).
"""
import contextlib

import torch
import torch.nn as nn

# Factory arguments of every layer built (`device='meta'` while counting: shapes without memory). torch 1.13 has
# no `with torch.device(...)` context, so the builder passes them itself.
_FACTORY = {}


@contextlib.contextmanager
def building_on(device):
    global _FACTORY
    saved = _FACTORY
    _FACTORY = {'device': device}
    try:
        yield
    finally:
        _FACTORY = saved


def _bn(channels, bn):
    return nn.BatchNorm2d(channels, **_FACTORY) if bn else nn.Identity()


class ReLUConvBN(nn.Module):
    def __init__(self, cin, cout, kernel, stride, bn=True):
        super().__init__()
        self.op = nn.Sequential(
            nn.ReLU(inplace=False),
            nn.Conv2d(cin, cout, kernel, stride=stride, padding=kernel // 2, bias=False, **_FACTORY),
            _bn(cout, bn),
        )

    def forward(self, x):
        return self.op(x)


class Zero(nn.Module):
    def __init__(self, cout, stride):
        super().__init__()
        self.cout = cout
        self.stride = stride

    def forward(self, x):
        if self.stride > 1:
            x = x[:, :, :: self.stride, :: self.stride]
        shape = list(x.shape)
        shape[1] = self.cout
        return x.new_zeros(shape)


class FactorizedReduce(nn.Module):
    """NB201's skip_connect across a stride 2: two 1x1 stride-2 convs (one shifted by a pixel), concatenated, BN."""

    def __init__(self, cin, cout, bn=True):
        super().__init__()
        half = cout // 2
        self.relu = nn.ReLU(inplace=False)
        self.convs = nn.ModuleList([nn.Conv2d(cin, half, 1, stride=2, bias=False, **_FACTORY), nn.Conv2d(cin, cout - half, 1, stride=2, bias=False, **_FACTORY)])
        self.pad = nn.ConstantPad2d((0, 1, 0, 1), 0)
        self.bn = _bn(cout, bn)

    def forward(self, x):
        x = self.relu(x)
        y = self.pad(x)
        return self.bn(torch.cat([self.convs[0](x), self.convs[1](y[:, :, 1:, 1:])], dim=1))


class Pool(nn.Module):
    def __init__(self, cin, cout, kernel, stride, mode, bn=True):
        super().__init__()
        self.preprocess = None if cin == cout else ReLUConvBN(cin, cout, 1, 1, bn)
        pad = kernel // 2
        self.pool = nn.AvgPool2d(kernel, stride=stride, padding=pad, count_include_pad=False) if mode == 'avg' else nn.MaxPool2d(kernel, stride=stride, padding=pad)

    def forward(self, x):
        return self.pool(x if self.preprocess is None else self.preprocess(x))


def make_op(op, cin, cout, stride, bn=True):
    kind = op['kind']
    if kind == 'zero':
        return Zero(cout, stride)
    if kind == 'identity':
        if stride == 1 and cin == cout:
            return nn.Identity()
        if stride == 1:
            return ReLUConvBN(cin, cout, 1, 1, bn)
        return FactorizedReduce(cin, cout, bn)
    if kind == 'relu_conv_bn':
        return ReLUConvBN(cin, cout, op['kernel'], stride, bn)
    if kind == 'pool':
        return Pool(cin, cout, op['kernel'], stride, op.get('mode', 'avg'), bn)
    raise ValueError('unknown op kind %r' % (kind,))


class Cell(nn.Module):
    """xautodl's InferCell: node j sums op(e)(node i) over its incoming edges e = (i, j); edges leaving the input
    see (cin, cout, stride), the others (cout, cout, 1)."""

    def __init__(self, cell, genotype, cin, cout, stride, bn=True):
        super().__init__()
        self.placement = (cin, cout, stride)
        self.nodes = cell['nodes']
        self.edges = [tuple(e) for e in cell['edges']]
        self.ops = nn.ModuleList()
        for (src, _dst), o in zip(self.edges, genotype):
            op = cell['ops'][o]
            self.ops.append(make_op(op, cin, cout, stride, bn) if src == 0 else make_op(op, cout, cout, 1, bn))

    def forward(self, x):
        values = [x] + [None] * (self.nodes - 1)
        for (src, dst), op in zip(self.edges, self.ops):
            y = op(values[src])
            values[dst] = y if values[dst] is None else values[dst] + y
        out = values[-1]
        if out is None:
            raise ValueError('the cell output node has no incoming edge')
        return out


class ResNetBlock(nn.Module):
    """NB201's ResNetBasicblock(stride 2): ReLU-Conv3x3(s2)-BN, ReLU-Conv3x3-BN, shortcut AvgPool(2,2)+Conv1x1."""

    def __init__(self, cin, cout, bn=True):
        super().__init__()
        self.conv_a = ReLUConvBN(cin, cout, 3, 2, bn)
        self.conv_b = ReLUConvBN(cout, cout, 3, 1, bn)
        self.downsample = nn.Sequential(nn.AvgPool2d(2, stride=2, padding=0), nn.Conv2d(cin, cout, 1, bias=False, **_FACTORY))

    def forward(self, x):
        return self.downsample(x) + self.conv_b(self.conv_a(x))


def Network(net, arch, genotype, bn=True):
    """The network of a genotype: `arch` is the request's cell (an NB201-style cell network, below), its chain
    plan (`kind: 'chain'`, a MobileNetV2-style chain, chain.py), its DARTS plan (`kind: 'darts'`, darts.py) or its
    graph plan (`kind: 'graph'`, a NAS-Bench-101 network, nb101.py)."""
    if arch.get('kind') == 'chain':
        import chain
        return chain.ChainNetwork(net, arch, genotype, bn)
    if arch.get('kind') == 'darts':
        import darts
        return darts.DartsNetwork(net, arch, genotype, bn)
    if arch.get('kind') == 'graph':
        import nb101
        return nb101.GraphNetwork(net, arch, genotype, bn)
    return CellNetwork(net, arch, genotype, bn)


class CellNetwork(nn.Module):
    def __init__(self, net, cell, genotype, bn=True):
        super().__init__()
        if len(genotype) != len(cell['edges']):
            raise ValueError('genotype has %d ops, the cell %d edges' % (len(genotype), len(cell['edges'])))
        self.cut_hook = None
        channels = net['stem']
        self.stem = nn.Sequential(nn.Conv2d(net['inputChannels'], channels, 3, padding=1, bias=False, **_FACTORY), _bn(channels, bn))
        layers = []
        for s, width in enumerate(net['stages']):
            if s > 0:
                if net['reduction'] == 'resnet':
                    layers.append(ResNetBlock(channels, width, bn))
                else:
                    layers.append(Cell(cell, genotype, channels, width, 2, bn))
                channels = width
            for _ in range(net['cellsPerStage']):
                layers.append(Cell(cell, genotype, channels, width, 1, bn))
                channels = width
        self.layers = nn.ModuleList(layers)
        self.lastact = nn.Sequential(_bn(channels, bn), nn.ReLU(inplace=False))
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.classifier = nn.Linear(channels, net['classes'], **_FACTORY)

    def _cut(self, x):
        return x if self.cut_hook is None else self.cut_hook(x)

    def forward(self, x):
        x = self._cut(self.stem(x))
        for layer in self.layers:
            x = self._cut(layer(x))
        x = self.pool(self.lastact(x))
        return self.classifier(x.flatten(1))


def count_params(model):
    return sum(p.numel() for p in model.parameters())


def count_flops(model, net):
    """FLOPs in NB201's convention (engine/cost/layers.ts): Conv2d Cin*Cout*k*k*Hout*Wout/groups (+ Cout*Hout*Wout
    with a bias: the SE convolutions of chains; NB201's have none), Linear in*out+out; BN, ReLU, sigmoid, pooling and
    elementwise products free. Measured with hooks on one forward pass of a single image on the
    meta device when available (no memory), else a real zero image."""
    total = [0]

    def conv_hook(m, _inp, out):
        k = m.kernel_size[0] * m.kernel_size[1]
        total[0] += m.in_channels * m.out_channels * k * out.shape[2] * out.shape[3] // m.groups
        if m.bias is not None:
            total[0] += m.out_channels * out.shape[2] * out.shape[3]

    def linear_hook(m, _inp, _out):
        total[0] += m.in_features * m.out_features + m.out_features

    handles = []
    for m in model.modules():
        if isinstance(m, nn.Conv2d):
            handles.append(m.register_forward_hook(conv_hook))
        elif isinstance(m, nn.Linear):
            handles.append(m.register_forward_hook(linear_hook))
    try:
        was_training = model.training
        model.eval()
        with torch.no_grad():
            model(torch.zeros(1, net['inputChannels'], net['inputSize'], net['inputSize']))
        model.train(was_training)
    finally:
        for h in handles:
            h.remove()
    return total[0]


def count_params_by_parts(net, cell, genotypes):
    """Parameters of many genotypes, each as (the network's fixed part) + the sum of its edge modules, every
    module built once by the same `make_op` and `Cell` wiring (edges leaving the input see the placement's
    cin/stride) on the meta device: the whole NB201 space in about a second, where building each network takes
    20 ms. The fixed part is one real build minus its cells."""
    if not genotypes:
        return []
    with building_on('meta'):
        model = Network(net, cell, genotypes[0])
        cells = [layer for layer in model.modules() if isinstance(layer, Cell)]
        fixed = count_params(model) - sum(count_params(c) for c in cells)
        placements = {}
        for c in cells:
            placements[c.placement] = placements.get(c.placement, 0) + 1
        memo = {}

        def op_params(src, o, cin, cout, stride):
            key = (src == 0, o, cin, cout, stride)
            if key not in memo:
                op = cell['ops'][o]
                memo[key] = count_params(make_op(op, cin, cout, stride) if src == 0 else make_op(op, cout, cout, 1))
            return memo[key]

        out = []
        for g in genotypes:
            total = fixed
            for (cin, cout, stride), times in placements.items():
                total += times * sum(op_params(src, o, cin, cout, stride) for (src, _dst), o in zip(cell['edges'], g))
            out.append(total)
        return out


def count_params_fast(net, cell, genotype):
    """Parameters without allocating weights: the same builder on the meta device (shapes only)."""
    with building_on('meta'):
        return count_params(Network(net, cell, genotype))
