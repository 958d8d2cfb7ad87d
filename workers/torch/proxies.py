"""Zero-cost proxies of a network at initialisation (no training), after Abdelfattah et al. 2021 ("Zero-Cost
Proxies for Lightweight NAS") and Mellor et al. 2021 (NASWOT). Every proxy is deterministic for a (seed, batch):
the seed fixes the initial weights and the inputs.

Inputs: synflow is data-free (a single all-ones image, float64, BN removed, |weights|). The others use a batch
of standard-normal random images and uniformly random labels drawn from the seed (there is no CIFAR-10 on these
machines; docs/proxies.md states what that changes). params and flops need no input.
"""
import math

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

from network import Network, count_flops, count_params

PROXIES = ('synflow', 'naswot', 'grad_norm', 'snip', 'jacob_cov', 'fisher', 'params', 'flops')

# Where networks and inputs live (the worker sets it per request: `device` auto/cpu/cuda). Inputs are drawn on
# the CPU from the seed and then moved, so a seed gives the same inputs on every device.
DEVICE = torch.device('cpu')


class ZeroNetwork(Exception):
    """The output does not depend on the weights through any path (synflow = 0, log = -inf)."""


def _weighted_layers(model):
    return [m for m in model.modules() if isinstance(m, (nn.Conv2d, nn.Linear))]


def _inputs(net, batch, seed):
    g = torch.Generator().manual_seed(seed + 1)
    x = torch.randn(batch, net['inputChannels'], net['inputSize'], net['inputSize'], generator=g)
    y = torch.randint(0, net['classes'], (batch,), generator=g)
    return x.to(DEVICE), y.to(DEVICE)


# 'seeded': torch's default initialisation after manual_seed(seed). 'constant': conv and linear weights 1, biases
# 0, the same network the wasm worker builds for 'constant' (the cross-framework parity test compares on it).
INIT = 'seeded'


def _model(net, cell, genotype, seed, bn=True):
    torch.manual_seed(seed)
    model = Network(net, cell, genotype, bn=bn)
    if INIT == 'constant':
        with torch.no_grad():
            for m in _weighted_layers(model):
                m.weight.fill_(1.0)
                if getattr(m, 'bias', None) is not None:
                    m.bias.zero_()
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


def naswot(net, cell, genotype, seed, batch):
    """log |det K|, K[i, j] = number of ReLUs where images i and j share their on/off code (Mellor et al.)."""
    model = _model(net, cell, genotype, seed)
    model.train()
    x, _ = _inputs(net, batch, seed)
    K = torch.zeros(batch, batch, dtype=torch.float64, device=DEVICE)

    def hook(_m, inp, _out):
        # Agreements of codes i and j: c c^T + (1-c)(1-c)^T = 2 c c^T - s_i - s_j + D (s: active units per image,
        # D: units), one product instead of two. float32 products of 0/1 codes are exact below 2^24 units per
        # ReLU; the sum over ReLUs is float64.
        c = (inp[0].detach().flatten(1) > 0).float()
        s = c.sum(1, keepdim=True)
        agree = 2 * (c @ c.t()) - s - s.t() + c.shape[1]
        K.add_(agree.double())

    handles = [m.register_forward_hook(hook) for m in model.modules() if isinstance(m, (nn.ReLU, nn.ReLU6))]
    try:
        with torch.no_grad():
            model(x)
    finally:
        for h in handles:
            h.remove()
    sign, logdet = torch.slogdet(K.cpu())
    return float(logdet) if float(sign) > 0 else float('-inf')


def _loss_backward(model, net, seed, batch):
    x, y = _inputs(net, batch, seed)
    model.train()
    model.zero_grad()
    loss = F.cross_entropy(model(x), y)
    loss.backward()
    return loss


def grad_norm(net, cell, genotype, seed, batch):
    """Sum over conv and linear layers of the L2 norm of the loss gradient of their weights."""
    model = _model(net, cell, genotype, seed)
    _loss_backward(model, net, seed, batch)
    return float(sum(m.weight.grad.norm() for m in _weighted_layers(model) if m.weight.grad is not None))


def snip(net, cell, genotype, seed, batch):
    """Sum of |theta * dL/dtheta| over conv and linear weights (connection sensitivity, Lee et al. 2019)."""
    model = _model(net, cell, genotype, seed)
    _loss_backward(model, net, seed, batch)
    return float(sum((m.weight * m.weight.grad).abs().sum() for m in _weighted_layers(model) if m.weight.grad is not None))


def fisher(net, cell, genotype, seed, batch):
    """Sum over conv/linear outputs and channels of 0.5 * mean_batch (sum_spatial a * dL/da)^2 (Theis et al. 2018)."""
    model = _model(net, cell, genotype, seed)
    acts = []

    def hook(_m, _inp, out):
        out.retain_grad()
        acts.append(out)

    handles = [m.register_forward_hook(hook) for m in _weighted_layers(model)]
    try:
        _loss_backward(model, net, seed, batch)
    finally:
        for h in handles:
            h.remove()
    total = 0.0
    for a in acts:
        if a.grad is None:
            continue
        prod = a * a.grad
        per_channel = prod.sum(dim=(2, 3)) if prod.dim() == 4 else prod
        total += float(0.5 * per_channel.pow(2).mean(0).sum())
    return total


def jacob_cov(net, cell, genotype, seed, batch):
    """-sum(log(v + k) + 1/(v + k)) over the eigenvalues v of the correlation matrix of the input Jacobians
    (Mellor et al. 2020, v1; k = 1e-5)."""
    model = _model(net, cell, genotype, seed)
    model.train()
    x, _ = _inputs(net, batch, seed)
    x.requires_grad_(True)
    y = model(x)
    y.backward(torch.ones_like(y))
    if x.grad is None:
        # No path from the input to the output (a cell of `none` edges): a failure of this network, with its reason.
        raise ValueError("jacob_cov: the network's output does not depend on its input (no path through the cell)")
    J = x.grad.detach().flatten(1).double().cpu().numpy()
    with np.errstate(all='ignore'):
        corr = np.corrcoef(J)
    if not np.all(np.isfinite(corr)):
        return float('nan')
    v = np.linalg.eigvalsh(corr)
    k = 1e-5
    return float(-np.sum(np.log(v + k) + 1.0 / (v + k)))


def compute(name, net, cell, genotype, seed, batch):
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
    return fn(net, cell, genotype, seed, batch)
