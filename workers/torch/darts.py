"""DARTS cell networks (Liu et al., ICLR 2019) from a darts plan and a genotype.

The evaluation network of the DARTS reference code (github quark0/darts, cnn/model.py `NetworkCIFAR` and
cnn/operations.py `OPS`), without its auxiliary head and drop path:
  stem: Conv3x3(inputChannels -> 3C) + BN
  cells: 3 * cellsPerStage + 2 of them; reduction cells (C doubled, stride 2 on the edges leaving the cell inputs) after
         the first and the second third, normal cells elsewhere (the reference's `layers // 3` and `2 * layers // 3`)
  each cell: inputs s0 (the cell before the previous one) and s1 (the previous one), preprocessed to C channels by
         ReLU-Conv1x1-BN, or FactorizedReduce when the previous cell was a reduction (s0 is then twice s1's size);
         intermediate node i sums op_k(state[input_k]) over its `pick` picked inputs; the output concatenates every
         intermediate node (multiplier = nodes)
  head: global average pooling, Linear(nodes * C_last -> classes)
Edge ops, all C -> C, as operations.py: zero (`none`), identity (`skip_connect`; FactorizedReduce at stride 2),
sep_conv(k) (two ReLU, depthwise conv k, conv1x1, BN blocks, the first with the stride), dil_conv(k, d) (ReLU,
depthwise conv k dilation d, conv1x1, BN), avg/max pooling k (padding k // 2, average without the padding, and no BN:
NetworkCIFAR's pools have none, only the search network's do), relu_conv_bn(k). FactorizedReduce is network.py's, which
pads an odd input (the reference's assumes an even one; on an even input both compute the same).

The genotype: the normal cell's, then the reduction cell's, each per intermediate node its `pick` picked input ids
(ascending; 0 = s0, 1 = s1, 2.. the earlier nodes) then one op index per picked input (engine/space/darts.ts).
C (`stem`), cellsPerStage and the two cells come from the plan (`darts`); classes and input channels from `net` (the
request's network; training puts the dataset's there). `bn=False` builds synflow's linearised network (BN removed);
`cut_hook` rescales at every cell boundary both states the rest of the network reads (proxies.py synflow), so the
rescaling stays exact: everything downstream is positively homogeneous of degree 1 in the pair (s0, s1).
"""
import torch
import torch.nn as nn

import network


class SepConv(nn.Module):
    def __init__(self, c, kernel, stride, bn):
        super().__init__()
        pad = kernel // 2
        f = network._FACTORY
        self.op = nn.Sequential(
            nn.ReLU(inplace=False),
            nn.Conv2d(c, c, kernel, stride=stride, padding=pad, groups=c, bias=False, **f),
            nn.Conv2d(c, c, 1, bias=False, **f),
            network._bn(c, bn),
            nn.ReLU(inplace=False),
            nn.Conv2d(c, c, kernel, stride=1, padding=pad, groups=c, bias=False, **f),
            nn.Conv2d(c, c, 1, bias=False, **f),
            network._bn(c, bn),
        )

    def forward(self, x):
        return self.op(x)


class DilConv(nn.Module):
    def __init__(self, c, kernel, dilation, stride, bn):
        super().__init__()
        f = network._FACTORY
        self.op = nn.Sequential(
            nn.ReLU(inplace=False),
            nn.Conv2d(c, c, kernel, stride=stride, padding=dilation * (kernel - 1) // 2, dilation=dilation, groups=c, bias=False, **f),
            nn.Conv2d(c, c, 1, bias=False, **f),
            network._bn(c, bn),
        )

    def forward(self, x):
        return self.op(x)


def make_op(op, c, stride, bn=True):
    kind = op['kind']
    if kind == 'zero':
        return network.Zero(c, stride)
    if kind == 'identity':
        return nn.Identity() if stride == 1 else network.FactorizedReduce(c, c, bn)
    if kind == 'sep_conv':
        return SepConv(c, op['kernel'], stride, bn)
    if kind == 'dil_conv':
        return DilConv(c, op['kernel'], op['dilation'], stride, bn)
    if kind == 'pool':
        pad = op['kernel'] // 2
        if op.get('mode', 'avg') == 'avg':
            return nn.AvgPool2d(op['kernel'], stride=stride, padding=pad, count_include_pad=False)
        return nn.MaxPool2d(op['kernel'], stride=stride, padding=pad)
    if kind == 'relu_conv_bn':
        return network.ReLUConvBN(c, c, op['kernel'], stride, bn)
    raise ValueError('unknown DARTS op kind %r' % (kind,))


def cell_genotype_length(cell):
    return 2 * cell['pick'] * cell['nodes']


class DartsCell(nn.Module):
    def __init__(self, cell, genotype, c_prev_prev, c_prev, c, reduction, reduction_prev, bn=True):
        super().__init__()
        self.preprocess0 = network.FactorizedReduce(c_prev_prev, c, bn) if reduction_prev else network.ReLUConvBN(c_prev_prev, c, 1, 1, bn)
        self.preprocess1 = network.ReLUConvBN(c_prev, c, 1, 1, bn)
        pick = cell['pick']
        self.inputs = []
        self.ops = nn.ModuleList()
        for i in range(cell['nodes']):
            chunk = genotype[2 * pick * i: 2 * pick * (i + 1)]
            picked, ops = chunk[:pick], chunk[pick:]
            self.inputs.append(picked)
            for src, o in zip(picked, ops):
                self.ops.append(make_op(cell['ops'][o], c, 2 if reduction and src < 2 else 1, bn))
        self.multiplier = cell['nodes']

    def forward(self, s0, s1):
        states = [self.preprocess0(s0), self.preprocess1(s1)]
        k = 0
        for picked in self.inputs:
            total = None
            for src in picked:
                y = self.ops[k](states[src])
                k += 1
                total = y if total is None else total + y
            states.append(total)
        return torch.cat(states[2:], dim=1)


class DartsNetwork(nn.Module):
    def __init__(self, net, darts, genotype, bn=True):
        super().__init__()
        normal, reduce = darts['normal'], darts['reduce']
        n = cell_genotype_length(normal)
        if len(genotype) != n + cell_genotype_length(reduce):
            raise ValueError('a DARTS genotype has %d numbers (normal cell) + %d (reduction cell), got %d' % (n, cell_genotype_length(reduce), len(genotype)))
        self.cut_hook = None
        c = darts['stem']
        stem = 3 * c  # NetworkCIFAR's stem_multiplier
        self.stem = nn.Sequential(nn.Conv2d(net['inputChannels'], stem, 3, padding=1, bias=False, **network._FACTORY), network._bn(stem, bn))
        layers = 3 * darts['cellsPerStage'] + 2
        c_prev_prev, c_prev = stem, stem
        reduction_prev = False
        cells = []
        for i in range(layers):
            reduction = i in (layers // 3, 2 * layers // 3)
            if reduction:
                c *= 2
            cell = DartsCell(reduce if reduction else normal, genotype[n:] if reduction else genotype[:n], c_prev_prev, c_prev, c, reduction, reduction_prev, bn)
            cells.append(cell)
            reduction_prev = reduction
            c_prev_prev, c_prev = c_prev, cell.multiplier * c
        self.cells = nn.ModuleList(cells)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.classifier = nn.Linear(c_prev, net['classes'], **network._FACTORY)

    def _cut(self, s0, s1):
        """Both states by one constant (cut_hook divides by the largest magnitude it sees), flattened side by side."""
        if self.cut_hook is None:
            return s0, s1
        if s0 is s1:
            s = self.cut_hook(s1)
            return s, s
        both = self.cut_hook(torch.cat([s0.flatten(1), s1.flatten(1)], dim=1))
        a = s0[0].numel()
        return both[:, :a].reshape(s0.shape), both[:, a:].reshape(s1.shape)

    def forward(self, x):
        stem = self.stem(x)
        s0, s1 = self._cut(stem, stem)
        for cell in self.cells:
            s0, s1 = self._cut(s1, cell(s0, s1))
        return self.classifier(self.pool(s1).flatten(1))
