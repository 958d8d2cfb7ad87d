#!/usr/bin/env python3
"""A trial script for LISSNAS's `command` evaluator (the trial protocol, docs/scale-out.md).

    python3 train.py --arch '|nor_conv_3x3~0|+|none~0|skip_connect~1|+|...|' --result RESULT_FILE

Builds a small NAS-Bench-201-style network from the architecture string (one cell of 4 nodes, the op of each
edge from the string), trains it briefly on Fashion-MNIST and writes its answer, a JSON object, to the result
file: {"accuracy": validation %, "test_accuracy": test %, "params": ..., "mode": "torch"}. One JSON line per epoch,
{"epoch": 1, "loss": ..., "accuracy": ...}, goes to LISSNAS_PROGRESS_FILE (intermediate results: the editor's
progress view draws them while the trial runs).

Without PyTorch or without the data set (Debian: `apt-get install python3-torch dataset-fashion-mnist`), or with
LISSNAS_EXAMPLE_SYNTHETIC=1, it scores a synthetic objective instead (a deterministic function of the ops plus
seeded noise, a few milliseconds) and says so: "mode": "synthetic". Nothing else changes, so the .nas file, the
logs, retries and resumes behave the same.
"""
import argparse
import gzip
import json
import os
import random
import sys
import time

OPS = ['none', 'skip_connect', 'nor_conv_1x1', 'nor_conv_3x3', 'avg_pool_3x3']
DATA = os.environ.get('LISSNAS_FASHION_MNIST', '/usr/share/datasets/fashion-mnist')


def parse_arch(arch):
    """`|a~0|+|b~0|c~1|+|...|` -> [[(op, source), ...] per node]; refuses anything else (a failed trial)."""
    nodes = []
    for part in arch.split('+'):
        edges = [e for e in part.split('|') if e]
        node = []
        for e in edges:
            op, _, src = e.partition('~')
            if op not in OPS or not src.isdigit():
                raise ValueError('not an NB201 architecture string: %r' % arch)
            node.append((op, int(src)))
        nodes.append(node)
    return nodes


def progress(record):
    path = os.environ.get('LISSNAS_PROGRESS_FILE')
    if path:
        with open(path, 'a') as f:
            f.write(json.dumps(record) + '\n')


def synthetic(cell, seed, epochs):
    """Convolutions help, `none` on every input of the output node hurts; seeded noise of +-0.5.

    One progress line per epoch, the accuracy climbing towards the final score and the loss falling, so that the
    editor's Trials view has a curve to draw; LISSNAS_EXAMPLE_EPOCH_SECONDS (default 0) waits after each epoch to
    make a run slow enough to watch.
    """
    weight = {'none': 0.0, 'skip_connect': 1.0, 'nor_conv_1x1': 2.0, 'nor_conv_3x3': 3.0, 'avg_pool_3x3': 0.5}
    score = 60 + sum(weight[op] for node in cell for op, _ in node) * 2
    if all(op == 'none' for op, _ in cell[-1]):
        score = 10.0
    rng = random.Random('%s/%d' % (cell, seed))
    accuracy = min(99.0, score + rng.uniform(-0.5, 0.5))
    pause = float(os.environ.get('LISSNAS_EXAMPLE_EPOCH_SECONDS', '0'))
    for epoch in range(1, epochs + 1):
        reached = accuracy * (1 - 0.5 ** (epoch * 3.0 / epochs)) / (1 - 0.5 ** 3.0)
        progress({'epoch': epoch, 'loss': round(2.3 * (1 - reached / 100.0), 4), 'accuracy': round(reached, 3)})
        if pause > 0:
            time.sleep(pause)
    return {'accuracy': round(accuracy, 3), 'test_accuracy': round(accuracy - 1.0, 3), 'mode': 'synthetic'}


def read_idx(name):
    for path in (os.path.join(DATA, name + '.gz'), os.path.join(DATA, name)):
        if os.path.isfile(path):
            with (gzip.open if path.endswith('.gz') else open)(path, 'rb') as f:
                data = f.read()
            dims = data[3]
            shape = [int.from_bytes(data[4 + 4 * i: 8 + 4 * i], 'big') for i in range(dims)]
            return data[4 + 4 * dims:], shape
    raise FileNotFoundError(name)


def trained(cell, seed, epochs, subset):
    import numpy as np
    import torch
    import torch.nn as nn

    torch.manual_seed(seed)
    torch.set_num_threads(max(1, int(os.environ.get('SLURM_CPUS_PER_TASK', '1'))))
    raw, shape = read_idx('train-images-idx3-ubyte')
    images = np.frombuffer(raw, dtype=np.uint8).reshape(shape)
    labels = np.frombuffer(read_idx('train-labels-idx1-ubyte')[0], dtype=np.uint8)
    traw, tshape = read_idx('t10k-images-idx3-ubyte')
    timages = np.frombuffer(traw, dtype=np.uint8).reshape(tshape)
    tlabels = np.frombuffer(read_idx('t10k-labels-idx1-ubyte')[0], dtype=np.uint8)
    as_tensor = lambda a: (torch.tensor(a[:, None, :, :], dtype=torch.float32) / 255 - 0.286) / 0.353
    order = np.random.RandomState(seed).permutation(len(images))
    train_idx, val_idx = order[:subset], order[subset: subset + 1000]
    C = 16

    def op(name):
        if name == 'none':
            return None
        if name == 'skip_connect':
            return nn.Identity()
        if name == 'avg_pool_3x3':
            return nn.AvgPool2d(3, 1, 1)
        k = 1 if name == 'nor_conv_1x1' else 3
        return nn.Sequential(nn.ReLU(), nn.Conv2d(C, C, k, 1, k // 2, bias=False), nn.BatchNorm2d(C))

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.stem = nn.Sequential(nn.Conv2d(1, C, 3, 2, 1, bias=False), nn.BatchNorm2d(C))
            self.edges = nn.ModuleList(nn.ModuleList(op(o) or nn.Identity() for o, _ in node) for node in cell)
            self.head = nn.Linear(C, 10)

        def forward(self, x):
            states = [self.stem(x)]
            for node, mods in zip(cell, self.edges):
                terms = [m(states[src]) for (o, src), m in zip(node, mods) if o != 'none']
                states.append(sum(terms) if terms else torch.zeros_like(states[0]))
            return self.head(states[-1].mean(dim=(2, 3)))

    net = Net()
    opt = torch.optim.SGD(net.parameters(), lr=0.05, momentum=0.9)
    x, y = as_tensor(images[train_idx]), torch.tensor(labels[train_idx], dtype=torch.long)

    def accuracy(xs, ys):
        net.eval()
        with torch.no_grad():
            return float((net(xs).argmax(1) == ys).float().mean()) * 100

    for epoch in range(1, epochs + 1):
        net.train()
        perm = torch.randperm(len(x))
        for i in range(0, len(x), 128):
            b = perm[i: i + 128]
            opt.zero_grad()
            loss = nn.functional.cross_entropy(net(x[b]), y[b])
            loss.backward()
            opt.step()
        val = accuracy(as_tensor(images[val_idx]), torch.tensor(labels[val_idx], dtype=torch.long))
        progress({'epoch': epoch, 'loss': float(loss), 'accuracy': val})
    test = accuracy(as_tensor(timages[:2000]), torch.tensor(tlabels[:2000], dtype=torch.long))
    return {'accuracy': round(val, 3), 'test_accuracy': round(test, 3), 'params': sum(p.numel() for p in net.parameters()), 'mode': 'torch'}


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--arch', default=os.environ.get('LISSNAS_ARCH'))
    p.add_argument('--result', default=os.environ.get('LISSNAS_RESULT_FILE'))
    p.add_argument('--seed', type=int, default=int(os.environ.get('LISSNAS_SEED', '0')))
    p.add_argument('--epochs', type=int, default=1)
    p.add_argument('--subset', type=int, default=2000)
    a = p.parse_args()
    cell = parse_arch(a.arch)
    started = time.time()
    answer = None
    if os.environ.get('LISSNAS_EXAMPLE_SYNTHETIC') != '1':
        try:
            answer = trained(cell, a.seed, a.epochs, a.subset)
        except ImportError as e:
            print('no PyTorch (%s): synthetic objective' % e, file=sys.stderr)
        except FileNotFoundError as e:
            print('no Fashion-MNIST under %s (%s): synthetic objective' % (DATA, e), file=sys.stderr)
    if answer is None:
        answer = synthetic(cell, a.seed, a.epochs)
    answer['seconds'] = round(time.time() - started, 3)
    print('trained %s: %s' % (a.arch, answer))  # a log line: not the answer
    with open(a.result, 'w') as f:
        json.dump(answer, f)


if __name__ == '__main__':
    main()
