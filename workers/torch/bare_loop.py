"""The reference for `npm run bench:neural`: one NB201 training step (forward, backward, SGD-momentum) and one
forward pass, timed inside a bare PyTorch loop (no worker, no JSON), on the same network network.py builds.

  python3 bare_loop.py '{"network": {...}, "cell": {...}, "genotype": [...], "batch": 64, "repeats": 5}'

Prints one JSON line: median milliseconds of a step and of a forward pass."""
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

from network import Network  # noqa: E402


def timed(fn, repeats):
    fn()  # warm-up
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        times.append(1000 * (time.perf_counter() - t))
    return sorted(times)[len(times) // 2]


def step_functions(net, cell, genotype, batch, device):
    torch.manual_seed(0)
    model = Network(net, cell, genotype).to(device)
    opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, weight_decay=5e-4, nesterov=True)
    x = torch.randn(batch, net['inputChannels'], net['inputSize'], net['inputSize'], device=device)
    y = torch.randint(0, net['classes'], (batch,), device=device)
    sync = torch.cuda.synchronize if device.type == 'cuda' else (lambda: None)

    def step():
        model.train()
        loss = F.cross_entropy(model(x), y)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        sync()

    def forward():
        model.train()
        with torch.no_grad():
            model(x)
        sync()

    return step, forward


if __name__ == '__main__':
    job = json.loads(sys.argv[1])
    device = torch.device('cuda' if torch.cuda.is_available() else 'cpu')
    step, forward = step_functions(job['network'], job['cell'], job['genotype'], job['batch'], device)
    print(json.dumps({'step_ms': timed(step, job['repeats']), 'forward_ms': timed(forward, job['repeats']), 'device': str(device)}))
