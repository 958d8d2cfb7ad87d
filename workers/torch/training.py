"""Short real training of one network on Fashion-MNIST: SGD with Nesterov momentum 0.9, weight decay 5e-4 and
a cosine learning-rate schedule (NB201's recipe, shortened), cross-entropy loss. The split is drawn from the
seed: `subset` training images, `validation` further training images held out (disjoint), `test` images of the
official test set. Returns validation accuracy (the metric), test accuracy (the report) and one record per epoch.
The network's input channels, resolution and classes come from the dataset (1 x 28 x 28, 10 classes)."""
import math
import time

import numpy as np
import torch
import torch.nn.functional as F

import fashion_mnist
from network import Network


class TrainingFailed(Exception):
    pass


def _accuracy(model, x, y, batch):
    model.eval()
    correct = 0
    with torch.no_grad():
        for i in range(0, len(x), batch):
            correct += int((model(x[i:i + batch]).argmax(1) == y[i:i + batch]).sum())
    return 100.0 * correct / max(1, len(x))


def _backward(model, x, y, idx, micro_batch):
    """The mean cross-entropy of the batch `idx` and its gradient (accumulated into .grad). With `micro_batch`
    below the batch: in chunks of that many images, each chunk's summed loss divided by the batch size, so the
    gradient is the whole batch's but for batch-norm statistics, which are each chunk's (ghost batch norm); the
    tfjs worker does the same (workers/tfjs/micro-batch.ts). A non-finite loss is returned before any backward."""
    if not micro_batch or micro_batch >= len(idx):
        loss = F.cross_entropy(model(x[idx]), y[idx])
        if torch.isfinite(loss):
            loss.backward()
        return float(loss)
    total = 0.0
    for j in range(0, len(idx), micro_batch):
        part = idx[j:j + micro_batch]
        loss = F.cross_entropy(model(x[part]), y[part], reduction='sum') / len(idx)
        if not torch.isfinite(loss):
            return float(loss)
        loss.backward()
        total += float(loss)
    return total


def split_sizes(total_train, subset, validation):
    if subset + validation > total_train:
        raise TrainingFailed('subset %d + validation %d exceed the %d training images' % (subset, validation, total_train))


def train(net, cell, genotype, settings, device, on_epoch, stop):
    data = fashion_mnist.load(settings.get('dataDir'))
    seed = settings['seed']
    subset, validation, test = settings['subset'], settings['validation'], settings['test']
    n_train = data['train_images'].shape[0]
    split_sizes(n_train, subset, validation)
    rng = np.random.RandomState(seed)
    order = rng.permutation(n_train)
    tr, va = order[:subset], order[subset:subset + validation]
    te = rng.permutation(data['test_images'].shape[0])[:test]
    xtr, ytr = fashion_mnist.images_tensor(data['train_images'][tr]), torch.from_numpy(data['train_labels'][tr].astype(np.int64))
    xva, yva = fashion_mnist.images_tensor(data['train_images'][va]), torch.from_numpy(data['train_labels'][va].astype(np.int64))
    xte, yte = fashion_mnist.images_tensor(data['test_images'][te]), torch.from_numpy(data['test_labels'][te].astype(np.int64))
    shape = dict(net, inputChannels=1, inputSize=28, classes=10)
    torch.manual_seed(seed)
    model = Network(shape, cell, genotype).to(device)
    xtr, ytr, xva, yva, xte, yte = (t.to(device) for t in (xtr, ytr, xva, yva, xte, yte))
    epochs, batch, lr = settings['epochs'], settings['batch'], settings['lr']
    opt = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9, weight_decay=5e-4, nesterov=True)
    steps = epochs * math.ceil(subset / batch)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=max(1, steps))
    gen = torch.Generator().manual_seed(seed)
    records = []
    for epoch in range(1, epochs + 1):
        started = time.perf_counter()
        model.train()
        perm = torch.randperm(subset, generator=gen).to(device)
        total, count = 0.0, 0
        for i in range(0, subset, batch):
            if stop():
                raise TrainingFailed('cancelled')
            idx = perm[i:i + batch]
            opt.zero_grad(set_to_none=True)
            loss = _backward(model, xtr, ytr, idx, settings.get('microBatch'))
            if not math.isfinite(loss):
                raise TrainingFailed('loss became %s at epoch %d (learning rate %g too high?)' % (loss, epoch, lr))
            opt.step()
            sched.step()
            total += loss * len(idx)
            count += len(idx)
        val = _accuracy(model, xva, yva, 256)
        record = {'epoch': epoch, 'loss': total / max(1, count), 'validation': val, 'seconds': time.perf_counter() - started}
        records.append(record)
        on_epoch(record)
    return {'validation': records[-1]['validation'], 'test': _accuracy(model, xte, yte, 256), 'epochs': records}
