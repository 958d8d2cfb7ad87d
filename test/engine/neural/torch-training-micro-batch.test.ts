import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT, skipWithoutTorch, torchOrReason } from './torch-env.js';

/**
 * The torch worker's training step in micro-batches (workers/torch/training.py `_backward`), as the tfjs worker's
 * (test/engine/neural/wasm-training.test.ts checks that one): on a network without batch norm, chunks of 4 and of
 * 3 (4, 3... uneven) give the whole batch's mean loss and gradient; with batch norm, the chunks' own statistics
 * give another gradient (ghost batch norm), equal to the mean of the chunks' own batch-mean gradients weighted by
 * their sizes, computed here by hand. A chunk's loss summed instead of averaged over the batch, or the short last
 * chunk dropped, fails the first check.
 */
const SCRIPT = String.raw`
import json, sys
sys.path.insert(0, sys.argv[1])
import torch, torch.nn as nn, torch.nn.functional as F
import training
torch.manual_seed(0)
x = torch.randn(10, 3, 6, 6); y = torch.randint(0, 5, (10,)); idx = torch.arange(10)
def grads(model):
    return torch.cat([p.grad.flatten() for p in model.parameters() if p.grad is not None])
def step(model, micro):
    model.zero_grad(set_to_none=True)
    loss = training._backward(model, x, y, idx, micro)
    return loss, grads(model)
out = {}
plain = nn.Sequential(nn.Conv2d(3, 4, 3), nn.ReLU(), nn.Flatten(), nn.Linear(64, 5))
l0, g0 = step(plain, None)
for micro in (4, 3):
    l, g = step(plain, micro)
    out['plain_%d' % micro] = [abs(l - l0) / abs(l0), float((g - g0).norm() / g0.norm())]
bn = nn.Sequential(nn.Conv2d(3, 4, 3), nn.BatchNorm2d(4), nn.ReLU(), nn.Flatten(), nn.Linear(64, 5))
_, whole = step(bn, None)
_, chunked = step(bn, 4)
hand = 0
for s, n in ((0, 4), (4, 4), (8, 2)):
    bn.zero_grad(set_to_none=True)
    F.cross_entropy(bn(x[s:s + n]), y[s:s + n]).backward()
    hand = hand + grads(bn) * n / 10
out['bn_hand'] = float((chunked - hand).norm() / hand.norm())
out['bn_whole'] = float((chunked - whole).norm() / whole.norm())
print(json.dumps(out))
`;

test('torch training in micro-batches: the whole batch\'s gradient without batch norm; ghost batch norm with it', { skip: skipWithoutTorch() }, () => {
    const t = torchOrReason();
    if (typeof t === 'string') return;
    const r = spawnSync(t.python, ['-c', SCRIPT, join(ROOT, 'workers', 'torch')], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout.trim().split('\n').pop()!) as Record<string, number | number[]>;
    for (const key of ['plain_4', 'plain_3']) {
        const [loss, grad] = out[key] as number[];
        assert.ok(loss < 1e-6 && grad < 1e-5, `${key}: loss ${loss}, gradient ${grad} (relative)`);
    }
    assert.ok((out.bn_hand as number) < 1e-5, `with batch norm, chunks = the chunks' own gradients: ${out.bn_hand}`);
    assert.ok((out.bn_whole as number) > 1e-3, `and not the whole batch's: ${out.bn_whole}`);
});
