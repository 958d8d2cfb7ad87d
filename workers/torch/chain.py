"""Layer-chain networks (MobileNetV2-style inverted residuals) from a chain plan and a genotype.

Mirrors engine/cost/chain.ts exactly (the parameter/FLOP model the parity test compares with):
  stem: Conv3x3(inputChannels -> stem, stride 1) + BN + ReLU6
  blocks: each stage's `layers` inverted residuals, the first with the stage's stride; block i uses layer i's
          kernel (depthwise), expand (expansion ratio) and se (squeeze-and-excitation) choices
  head: Conv1x1(last -> head) + BN + ReLU6, global average pooling, Linear(head -> classes)
Channel counts are scaled by the genotype's width w: make_divisible(c * w); the head make_divisible(head * max(1, w)).
The genotype: per layer [kernel, expand, se] indices into the plan's value lists, then the width index.
Classes and input channels come from `net` (the request's network; training puts the dataset's there). The skeleton
(stem, each stage's channels, stride and layer count, head) comes from `chain` as the engine resolved it from the space's
`network` block (engine/space/network-keys.ts); this file holds no default of its own, so it cannot drift from the cost model.

`bn=False` builds synflow's linearised network: BatchNorm removed and ReLU6 replaced by ReLU (with |weights| and an
input of ones every activation is positive, so a ReLU6 would clip at 6 and cut the gradients synflow sums).
Chain networks do not call `cut_hook`: the SE gate is not homogeneous, so synflow's rescaling at cut vertices would
not be exact; float64 holds synflow of chains of ordinary depth (20 blocks) without overflow.
"""
import math

import torch.nn as nn

import network

SE_RATIO = 0.25


def make_divisible(v, divisor=8):
    """MobileNetV2's `_make_divisible` (engine/cost/chain.ts `makeDivisible`)."""
    rounded = max(divisor, int(math.floor(v + divisor / 2)) // divisor * divisor)
    return rounded + divisor if rounded < 0.9 * v else rounded


def expanded_channels(cin, expand):
    return int(math.floor(cin * expand + 0.5))


def _act(bn):
    return nn.ReLU6(inplace=False) if bn else nn.ReLU(inplace=False)


def _conv_bn_act(cin, cout, kernel, stride, groups, bn, act=True):
    layers = [nn.Conv2d(cin, cout, kernel, stride=stride, padding=kernel // 2, groups=groups, bias=False, **network._FACTORY), network._bn(cout, bn)]
    if act:
        layers.append(_act(bn))
    return layers


class SqueezeExcite(nn.Module):
    """Global pooling, Conv1x1(c -> squeeze) + ReLU, Conv1x1(squeeze -> c), sigmoid, scale (MobileNetV3's SE with a
    sigmoid gate); squeeze = make_divisible(c * 0.25)."""

    def __init__(self, channels):
        super().__init__()
        squeeze = make_divisible(channels * SE_RATIO)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.reduce = nn.Conv2d(channels, squeeze, 1, **network._FACTORY)
        self.relu = nn.ReLU(inplace=False)
        self.expand = nn.Conv2d(squeeze, channels, 1, **network._FACTORY)
        self.gate = nn.Sigmoid()

    def forward(self, x):
        return x * self.gate(self.expand(self.relu(self.reduce(self.pool(x)))))


class InvertedResidual(nn.Module):
    def __init__(self, cin, cout, kernel, expand, se, stride, bn=True):
        super().__init__()
        hidden = expanded_channels(cin, expand)
        layers = []
        if expand != 1:
            layers += _conv_bn_act(cin, hidden, 1, 1, 1, bn)
        layers += _conv_bn_act(hidden, hidden, kernel, stride, hidden, bn)
        if se:
            layers.append(SqueezeExcite(hidden))
        layers += _conv_bn_act(hidden, cout, 1, 1, 1, bn, act=False)
        self.body = nn.Sequential(*layers)
        self.residual = stride == 1 and cin == cout

    def forward(self, x):
        y = self.body(x)
        return x + y if self.residual else y


class ChainNetwork(nn.Module):
    def __init__(self, net, chain, genotype, bn=True):
        super().__init__()
        total = sum(s['layers'] for s in chain['stages'])
        if len(genotype) != 3 * total + 1:
            raise ValueError('a chain genotype of %d layers has %d numbers, got %d' % (total, 3 * total + 1, len(genotype)))
        width = chain['width'][genotype[-1]]
        self.cut_hook = None  # never called (module docstring); proxies.py sets it on every network

        def w(c):
            return make_divisible(c * width)

        channels = w(chain['stem'])
        self.stem = nn.Sequential(*_conv_bn_act(net['inputChannels'], channels, 3, 1, 1, bn))
        blocks = []
        i = 0
        for stage in chain['stages']:
            cout = w(stage['channels'])
            for b in range(stage['layers']):
                k, e, s = genotype[3 * i: 3 * i + 3]
                blocks.append(InvertedResidual(channels, cout, chain['kernel'][k], chain['expand'][e], chain['se'][s], stage['stride'] if b == 0 else 1, bn))
                channels = cout
                i += 1
        self.blocks = nn.Sequential(*blocks)
        head = make_divisible(chain['head'] * max(1.0, width))
        self.head = nn.Sequential(*_conv_bn_act(channels, head, 1, 1, 1, bn))
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.classifier = nn.Linear(head, net['classes'], **network._FACTORY)

    def forward(self, x):
        x = self.head(self.blocks(self.stem(x)))
        return self.classifier(self.pool(x).flatten(1))
