"""Zero-cost proxies of a network at initialisation (no training), after Abdelfattah et al. 2021 ("Zero-Cost
Proxies for Lightweight NAS") and Mellor et al. 2021 (NASWOT). Every proxy is deterministic for a (seed, batch):
the seed fixes the initial weights and the inputs.

Micro-batches (docs/proxies.md, "Micro-batches"): with `micro` the seeded batch is computed in consecutive
chunks of `micro` inputs (the last may be smaller), so that memory holds one chunk's activations. Batch norm sees
each chunk's own statistics (ghost batch norm); everything else is combined over the whole batch (gradients of the
whole-batch mean loss, fisher's sums, naswot's codes, jacob_cov's Jacobians), and with one chunk every value is
computed exactly as without micro-batches. synflow (one all-ones input), params and flops take no batch.

Inputs: synflow is data-free (a single all-ones image, float64, BN removed, |weights|). The others use a batch
of standard-normal random images and uniformly random labels drawn from the seed (DATA 'random', the default), or
Fashion-MNIST training images with their labels (DATA 'fashion_mnist': `fashion_indices` picks them from the seed,
the same ones in the tfjs worker; normalised as training does, resized bilinearly to the network's input and
repeated over its channels). There is no CIFAR-10 on these machines; docs/proxies.md "Inputs" measures what the
input changes. params and flops need no input.
"""
import math

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

import fashion_mnist
from network import Network, count_flops, count_params

PROXIES = ('synflow', 'naswot', 'grad_norm', 'snip', 'jacob_cov', 'fisher', 'params', 'flops')

# Where networks and inputs live (the worker sets it per request: `device` auto/cpu/cuda). Inputs are drawn on
# the CPU from the seed and then moved, so a seed gives the same inputs on every device.
DEVICE = torch.device('cpu')


class ZeroNetwork(Exception):
    """The output does not depend on the weights through any path (synflow = 0, log = -inf)."""


def _weighted_layers(model):
    return [m for m in model.modules() if isinstance(m, (nn.Conv2d, nn.Linear))]


# The inputs of the data proxies (the worker sets them per request): 'random' or 'fashion_mnist', and the
# Fashion-MNIST folder (None: LISSNAS_FASHION_MNIST, then Debian's).
DATA = 'random'
DATA_DIR = None


def fashion_indices(count, batch, seed):
    """The training images a batch uses: i-th = (seed * 7919 + i * 15485863) mod count (15485863 is a prime not
    dividing 60000, so `batch` <= count indices are distinct). Plain integer arithmetic: the tfjs worker computes
    the same ones (workers/tfjs/proxies.ts fashionIndices)."""
    return [(seed * 7919 + i * 15485863) % count for i in range(batch)]


def _fashion_inputs(net, batch, seed):
    data = fashion_mnist.load(DATA_DIR)
    images, labels = data['train_images'], data['train_labels']
    if batch > images.shape[0]:
        raise ValueError('data fashion_mnist: a batch of %d is more than the %d training images' % (batch, images.shape[0]))
    idx = np.array(fashion_indices(images.shape[0], batch, seed))
    x = fashion_mnist.images_tensor(images[idx])
    size = net['inputSize']
    if size != x.shape[-1]:
        x = F.interpolate(x, size=(size, size), mode='bilinear', align_corners=False)
    x = x.repeat(1, net['inputChannels'], 1, 1)
    y = torch.from_numpy(labels[idx].astype(np.int64)) % net['classes']
    return x.to(DEVICE), y.to(DEVICE)


def _inputs(net, batch, seed):
    if DATA == 'fashion_mnist':
        return _fashion_inputs(net, batch, seed)
    g = torch.Generator().manual_seed(seed + 1)
    x = torch.randn(batch, net['inputChannels'], net['inputSize'], net['inputSize'], generator=g)
    y = torch.randint(0, net['classes'], (batch,), generator=g)
    return x.to(DEVICE), y.to(DEVICE)


def _chunks(t, micro):
    """`t` split along the batch into consecutive chunks of `micro` (the last may be smaller); [t] itself when one
    chunk holds it, so that the single-chunk path computes on the very tensor it did before micro-batches."""
    return [t] if micro is None or micro >= len(t) else list(t.split(micro))


# 'seeded': torch's default initialisation after manual_seed(seed). 'constant': conv and linear weights 1, biases
# 0; 'channels': every weight of output channel o 0.5 + (7o mod 5) / 4, every bias (3o mod 4) / 8 (protocol/
# neural-worker.ts CHANNEL_INIT says why). The tfjs worker builds the same networks for both (the cross-framework
# parity tests compare on them).
INIT = 'seeded'


def _channel_values(n, weight):
    o = torch.arange(n, dtype=torch.float64)
    return 0.5 + torch.remainder(7 * o, 5) / 4 if weight else torch.remainder(3 * o, 4) / 8


def _model(net, cell, genotype, seed, bn=True):
    torch.manual_seed(seed)
    model = Network(net, cell, genotype, bn=bn)
    if INIT in ('constant', 'channels'):
        with torch.no_grad():
            for m in _weighted_layers(model):
                if INIT == 'constant':
                    m.weight.fill_(1.0)
                else:
                    # The output channel is axis 0 of a Conv2d's and a Linear's weight.
                    v = _channel_values(m.weight.shape[0], True).to(m.weight.dtype)
                    m.weight.copy_(v.view(-1, *[1] * (m.weight.dim() - 1)).expand_as(m.weight))
                if getattr(m, 'bias', None) is not None:
                    if INIT == 'constant':
                        m.bias.zero_()
                    else:
                        m.bias.copy_(_channel_values(m.bias.shape[0], False).to(m.bias.dtype))
    return model.to(DEVICE)


def synflow(net, cell, genotype, seed):
    """log of sum |theta * dR/dtheta| over conv and linear weights, R = sum of the outputs of the linearised
    network (BN removed, |weights|, input of ones, float64). The network is then positively multilinear, so
    dividing the activation at each cut vertex by a detached constant s scales R and every gradient upstream
    consistently: log synflow = sum(log s) + log(synflow of the rescaled network), exact and overflow-free."""
    model = _model(net, cell, genotype, seed, bn=False).double()
    with torch.no_grad():
        for p in model.parameters():
            p.abs_()
    log_scale = [0.0]

    def rescale(x):
        s = float(x.detach().abs().max())
        if s == 0.0:
            raise ZeroNetwork()
        log_scale[0] += math.log(s)
        return x / s

    model.cut_hook = rescale
    model.train()
    x = torch.ones(1, net['inputChannels'], net['inputSize'], net['inputSize'], dtype=torch.float64, device=DEVICE)
    out = model(x)
    torch.sum(out).backward()
    # Every term of the sum carries the same factor exp(log_scale) (the cut scales multiply R and its gradients),
    # except the classifier's bias path, which synflow does not sum (weights only, as the reference code).
    total = 0.0
    for m in _weighted_layers(model):
        if m.weight.grad is not None:
            total += float((m.weight * m.weight.grad).abs().sum())
    if total == 0.0 or not math.isfinite(total):
        raise ZeroNetwork()
    return log_scale[0] + math.log(total)


def naswot(net, cell, genotype, seed, batch, micro=None):
    """log |det K|, K[i, j] = number of ReLUs where images i and j share their on/off code (Mellor et al.)."""
    model = _model(net, cell, genotype, seed)
    model.train()
    x, _ = _inputs(net, batch, seed)
    K = torch.zeros(batch, batch, dtype=torch.float64, device=DEVICE)
    # codes[r]: the on/off codes (bool, a byte per unit) at the r-th ReLU call of a pass, one entry per chunk; K
    # needs the codes of every pair of images, so each ReLU's codes are concatenated over the chunks first.
    codes = []
    calls = [0]

    def hook(_m, inp, _out):
        if calls[0] == len(codes):
            codes.append([])
        codes[calls[0]].append(inp[0].detach().flatten(1) > 0)
        calls[0] += 1

    handles = [m.register_forward_hook(hook) for m in model.modules() if isinstance(m, (nn.ReLU, nn.ReLU6))]
    try:
        with torch.no_grad():
            for xc in _chunks(x, micro):
                calls[0] = 0
                model(xc)
    finally:
        for h in handles:
            h.remove()
    for per_chunk in codes:
        # Agreements of codes i and j: c c^T + (1-c)(1-c)^T = 2 c c^T - s_i - s_j + D (s: active units per image,
        # D: units), one product instead of two. float32 products of 0/1 codes are exact below 2^24 units per
        # ReLU; the sum over ReLUs is float64.
        c = (per_chunk[0] if len(per_chunk) == 1 else torch.cat(per_chunk)).float()
        s = c.sum(1, keepdim=True)
        agree = 2 * (c @ c.t()) - s - s.t() + c.shape[1]
        K.add_(agree.double())
    sign, logdet = torch.slogdet(K.cpu())
    return float(logdet) if float(sign) > 0 else float('-inf')


def _loss_backward(model, net, seed, batch, micro=None, after_chunk=None):
    """The weights' .grad: the gradient of the whole batch's mean cross-entropy. Each chunk's mean loss, weighted
    by its share of the batch (chunk / batch), is back-propagated in turn and the gradients add up (.grad
    accumulates); `after_chunk(share)` runs after each chunk's backward (fisher reads its activations' gradients)."""
    x, y = _inputs(net, batch, seed)
    model.train()
    model.zero_grad()
    for xc, yc in zip(_chunks(x, micro), _chunks(y, micro)):
        share = len(xc) / batch
        loss = F.cross_entropy(model(xc), yc)
        (loss if len(xc) == batch else loss * share).backward()
        if after_chunk is not None:
            after_chunk(share)


def grad_norm(net, cell, genotype, seed, batch, micro=None):
    """Sum over conv and linear layers of the L2 norm of the loss gradient of their weights."""
    model = _model(net, cell, genotype, seed)
    _loss_backward(model, net, seed, batch, micro)
    return float(sum(m.weight.grad.norm() for m in _weighted_layers(model) if m.weight.grad is not None))


def snip(net, cell, genotype, seed, batch, micro=None):
    """Sum of |theta * dL/dtheta| over conv and linear weights (connection sensitivity, Lee et al. 2019)."""
    model = _model(net, cell, genotype, seed)
    _loss_backward(model, net, seed, batch, micro)
    return float(sum((m.weight * m.weight.grad).abs().sum() for m in _weighted_layers(model) if m.weight.grad is not None))


def fisher(net, cell, genotype, seed, batch, micro=None):
    """Sum over conv/linear outputs and channels of 0.5 * mean_batch (sum_spatial a * dL/da)^2 (Theis et al. 2018).
    With chunks, dL/da is already the whole-batch loss's (the chunk's loss carries its share), and the mean over
    the batch is the sum of each chunk's mean times its share."""
    model = _model(net, cell, genotype, seed)
    acts = []
    total = [0.0]

    def hook(_m, _inp, out):
        out.retain_grad()
        acts.append(out)

    def add_chunk(share):
        for a in acts:
            if a.grad is None:
                continue
            prod = a * a.grad
            per_channel = prod.sum(dim=(2, 3)) if prod.dim() == 4 else prod
            total[0] += float((0.5 * share) * per_channel.pow(2).mean(0).sum())
        acts.clear()  # this chunk's activations and their gradients are freed before the next chunk

    handles = [m.register_forward_hook(hook) for m in _weighted_layers(model)]
    try:
        _loss_backward(model, net, seed, batch, micro, add_chunk)
    finally:
        for h in handles:
            h.remove()
    return total[0]


def jacob_cov(net, cell, genotype, seed, batch, micro=None):
    """-sum(log(v + k) + 1/(v + k)) over the eigenvalues v of the correlation matrix of the input Jacobians
    (Mellor et al. 2020, v1; k = 1e-5). Each image's Jacobian is its own row: chunks are concatenated."""
    model = _model(net, cell, genotype, seed)
    model.train()
    x, _ = _inputs(net, batch, seed)
    rows = []
    for xc in _chunks(x, micro):
        xc = xc.detach().requires_grad_(True)
        y = model(xc)
        y.backward(torch.ones_like(y))
        if xc.grad is None:
            # No path from the input to the output (a cell of `none` edges): a failure of this network, with its reason.
            raise ValueError("jacob_cov: the network's output does not depend on its input (no path through the cell)")
        rows.append(xc.grad.detach())
    J = (rows[0] if len(rows) == 1 else torch.cat(rows)).flatten(1).double().cpu().numpy()
    with np.errstate(all='ignore'):
        corr = np.corrcoef(J)
    if not np.all(np.isfinite(corr)):
        return float('nan')
    v = np.linalg.eigvalsh(corr)
    k = 1e-5
    return float(-np.sum(np.log(v + k) + 1.0 / (v + k)))


def compute(name, net, cell, genotype, seed, batch, micro=None):
    if name == 'synflow':
        return synflow(net, cell, genotype, seed)
    if name == 'params':
        torch.manual_seed(seed)
        return float(count_params(Network(net, cell, genotype)))
    if name == 'flops':
        torch.manual_seed(seed)
        return float(count_flops(Network(net, cell, genotype), net))
    fn = {'naswot': naswot, 'grad_norm': grad_norm, 'snip': snip, 'jacob_cov': jacob_cov, 'fisher': fisher}.get(name)
    if fn is None:
        raise ValueError('unknown proxy %r (known: %s)' % (name, ', '.join(PROXIES)))
    return fn(net, cell, genotype, seed, batch, micro)
