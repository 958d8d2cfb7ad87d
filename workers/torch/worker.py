"""The lissnas torch worker: builds networks from genotypes and evaluates them (zero-cost proxies, short
training, parameter counts), speaking JSON lines on stdin/stdout. protocol/neural-worker.ts declares the
messages; both sides check what they receive.

  python3 worker.py          serve requests until stdin closes
  python3 worker.py --probe  print one `ready` line (interpreter, torch version, device) and exit

stdout carries protocol lines only: anything else printed (library warnings) goes to stderr.
One request at a time; an evaluation that fails (NaN loss, out of memory, a shape error) answers `failed`
and the worker keeps serving."""
import json
import math
import os
import sys
import time
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

PROTOCOL = 1
_out = sys.stdout
sys.stdout = sys.stderr


def send(message):
    _out.write(json.dumps(message, allow_nan=False) + '\n')
    _out.flush()


def ready_message():
    import torch
    cuda = torch.cuda.is_available()
    return {
        'type': 'ready',
        'protocol': PROTOCOL,
        'python': sys.executable,
        'torch': torch.__version__,
        'cuda': cuda,
        'device': torch.cuda.get_device_name(0) if cuda else 'cpu',
        'threads': torch.get_num_threads(),
    }


class BadRequest(Exception):
    pass


def _is_int(v, low=0):
    return isinstance(v, int) and not isinstance(v, bool) and v >= low


def _need(cond, what):
    if not cond:
        raise BadRequest(what)


def check_network(n):
    _need(isinstance(n, dict), 'network: expected an object')
    for k in ('stem', 'classes', 'inputSize', 'inputChannels'):
        _need(_is_int(n.get(k), 1), 'network.%s: expected an integer >= 1' % k)
    _need(_is_int(n.get('cellsPerStage'), 0), 'network.cellsPerStage: expected an integer >= 0')
    _need(isinstance(n.get('stages'), list) and len(n['stages']) > 0 and all(_is_int(s, 1) for s in n['stages']), 'network.stages: expected integers >= 1')
    _need(n.get('reduction') in ('resnet', 'cell'), "network.reduction: expected 'resnet' or 'cell'")


def check_cell(c):
    _need(isinstance(c, dict), 'cell: expected an object')
    _need(_is_int(c.get('nodes'), 2), 'cell.nodes: expected an integer >= 2')
    edges = c.get('edges')
    _need(isinstance(edges, list) and all(isinstance(e, list) and len(e) == 2 and _is_int(e[0]) and _is_int(e[1]) and e[0] < e[1] < c['nodes'] for e in edges), 'cell.edges: expected [from, to] pairs with from < to < nodes')
    ops = c.get('ops')
    _need(isinstance(ops, list) and len(ops) > 0, 'cell.ops: expected a non-empty list')
    for i, op in enumerate(ops):
        _need(isinstance(op, dict) and op.get('kind') in ('zero', 'identity', 'relu_conv_bn', 'pool'), 'cell.ops[%d].kind: expected zero, identity, relu_conv_bn or pool' % i)
        if op['kind'] in ('relu_conv_bn', 'pool'):
            _need(_is_int(op.get('kernel'), 1), 'cell.ops[%d].kernel: expected an integer >= 1' % i)
        if op['kind'] == 'pool':
            _need(op.get('mode', 'avg') in ('avg', 'max'), "cell.ops[%d].mode: expected 'avg' or 'max'" % i)


def _is_num(v, low):
    return isinstance(v, (int, float)) and not isinstance(v, bool) and v > low


def check_chain(c):
    """protocol/neural-worker.ts WireChain: a MobileNetV2-style chain (chain.py)."""
    _need(isinstance(c, dict) and c.get('kind') == 'chain', "chain: expected an object of kind 'chain'")
    for k in ('stem', 'head', 'classes', 'inputSize', 'inputChannels'):
        _need(_is_int(c.get(k), 1), 'chain.%s: expected an integer >= 1' % k)
    stages = c.get('stages')
    _need(isinstance(stages, list) and len(stages) > 0 and all(isinstance(s, dict) and _is_int(s.get('channels'), 1) and s.get('stride') in (1, 2) and _is_int(s.get('layers'), 1) for s in stages), 'chain.stages: expected {channels >= 1, stride 1 or 2, layers >= 1} objects')
    _need(isinstance(c.get('kernel'), list) and len(c['kernel']) > 0 and all(_is_int(k, 1) and k % 2 == 1 for k in c['kernel']), 'chain.kernel: expected odd integers >= 1')
    _need(isinstance(c.get('expand'), list) and len(c['expand']) > 0 and all(_is_num(e, 0) for e in c['expand']), 'chain.expand: expected numbers > 0')
    _need(isinstance(c.get('se'), list) and len(c['se']) > 0 and all(isinstance(b, bool) for b in c['se']), 'chain.se: expected booleans')
    _need(isinstance(c.get('width'), list) and len(c['width']) > 0 and all(_is_num(w, 0) for w in c['width']), 'chain.width: expected numbers > 0')


def _check_darts_op(op, path):
    kinds = ('zero', 'identity', 'relu_conv_bn', 'pool', 'sep_conv', 'dil_conv')
    _need(isinstance(op, dict) and op.get('kind') in kinds, '%s.kind: expected %s' % (path, ', '.join(kinds)))
    if op['kind'] in ('relu_conv_bn', 'pool', 'sep_conv', 'dil_conv'):
        _need(_is_int(op.get('kernel'), 1), '%s.kernel: expected an integer >= 1' % path)
    if op['kind'] == 'pool':
        _need(op.get('mode', 'avg') in ('avg', 'max'), "%s.mode: expected 'avg' or 'max'" % path)
    if op['kind'] == 'dil_conv':
        _need(_is_int(op.get('dilation'), 1), '%s.dilation: expected an integer >= 1' % path)


def check_darts(d):
    """protocol/neural-worker.ts WireDarts: DARTS cells in DARTS's evaluation network (darts.py)."""
    _need(isinstance(d, dict) and d.get('kind') == 'darts', "darts: expected an object of kind 'darts'")
    _need(_is_int(d.get('stem'), 1), 'darts.stem: expected an integer >= 1')
    _need(_is_int(d.get('cellsPerStage'), 0), 'darts.cellsPerStage: expected an integer >= 0')
    for which in ('normal', 'reduce'):
        c = d.get(which)
        _need(isinstance(c, dict) and _is_int(c.get('nodes'), 1) and _is_int(c.get('pick'), 1) and c['pick'] <= 2, 'darts.%s: expected {nodes >= 1, pick 1 or 2 (of the 2 inputs), ops}' % which)
        _need(isinstance(c.get('ops'), list) and len(c['ops']) > 0, 'darts.%s.ops: expected a non-empty list' % which)
        for i, op in enumerate(c['ops']):
            _check_darts_op(op, 'darts.%s.ops[%d]' % (which, i))


def check_graph(d):
    """protocol/neural-worker.ts WireGraph: an NB101-style graph in NAS-Bench-101's network (nb101.py)."""
    _need(isinstance(d, dict) and d.get('kind') == 'graph', "graph: expected an object of kind 'graph'")
    _need(_is_int(d.get('stem'), 1), 'graph.stem: expected an integer >= 1')
    _need(isinstance(d.get('stacks'), list) and len(d['stacks']) > 0 and all(_is_int(c, 1) for c in d['stacks']),
          'graph.stacks: expected a non-empty list of integers >= 1')
    _need(_is_int(d.get('cellsPerStage'), 0), 'graph.cellsPerStage: expected an integer >= 0')
    _need(_is_int(d.get('nodes'), 2), 'graph.nodes: expected an integer >= 2')
    _need(isinstance(d.get('ops'), list) and (len(d['ops']) > 0 or d['nodes'] == 2), 'graph.ops: expected a non-empty list')
    for i, op in enumerate(d['ops']):
        path = 'graph.ops[%d]' % i
        _need(isinstance(op, dict) and op.get('kind') in ('conv_bn_relu', 'pool', 'identity'), '%s.kind: expected conv_bn_relu, pool or identity' % path)
        if op['kind'] != 'identity':
            _need(_is_int(op.get('kernel'), 1), '%s.kernel: expected an integer >= 1' % path)
        if op['kind'] == 'pool':
            _need(op.get('mode') in ('avg', 'max'), "%s.mode: expected 'avg' or 'max'" % path)


def _graph_genotype_ok(g, d):
    import nb101
    n = d['nodes']
    if not (isinstance(g, list) and len(g) == nb101.genotype_length(n) and all(_is_int(x) for x in g)):
        return False
    edges = n * (n - 1) // 2
    if any(x > 1 for x in g[:edges]) or any(o >= len(d['ops']) for o in g[edges:]):
        return False
    return nb101.prune(*nb101.decode(n, g)) is not None


def _darts_cell_genotype_ok(g, c):
    pick = c['pick']
    for i in range(c['nodes']):
        picked, ops = g[2 * pick * i: 2 * pick * i + pick], g[2 * pick * i + pick: 2 * pick * (i + 1)]
        if any(not (0 <= x < 2 + i) for x in picked) or any(b <= a for a, b in zip(picked, picked[1:])):
            return False
        if any(not (0 <= o < len(c['ops'])) for o in ops):
            return False
    return True


def _darts_genotype_ok(g, d):
    n = 2 * d['normal']['pick'] * d['normal']['nodes']
    if not (isinstance(g, list) and len(g) == n + 2 * d['reduce']['pick'] * d['reduce']['nodes'] and all(_is_int(x) for x in g)):
        return False
    return _darts_cell_genotype_ok(g[:n], d['normal']) and _darts_cell_genotype_ok(g[n:], d['reduce'])


def _chain_genotype_ok(g, c):
    n = sum(s['layers'] for s in c['stages'])
    if not (isinstance(g, list) and len(g) == 3 * n + 1 and all(_is_int(x) for x in g)):
        return False
    sizes = (len(c['kernel']), len(c['expand']), len(c['se']))
    return all(g[i] < sizes[i % 3] for i in range(3 * n)) and g[-1] < len(c['width'])


def check_genotype(g, arch, path='genotype'):
    if arch.get('kind') == 'graph':
        _need(_graph_genotype_ok(g, arch), '%s: expected the adjacency bits of the upper triangle row by row (the output reachable from the input), then an op index per inner vertex' % path)
        return
    if arch.get('kind') == 'darts':
        _need(_darts_genotype_ok(g, arch), '%s: expected the normal then the reduction cell: per node its picked input ids (ascending, each below 2 + the node index), then an op index per picked input' % path)
        return
    if arch.get('kind') == 'chain':
        _need(_chain_genotype_ok(g, arch), '%s: expected per layer [kernel, expand, se] indices, then a width index, each inside its list' % path)
        return
    cell = arch
    _need(isinstance(g, list) and len(g) == len(cell['edges']) and all(_is_int(o) and o < len(cell['ops']) for o in g), '%s: expected %d op indices < %d' % (path, len(cell['edges']), len(cell['ops'])))


def architecture(m):
    """What the request builds: its cell, its chain, DARTS or graph plan (network.py `Network` tells them apart by `kind`)."""
    for key in ('chain', 'darts', 'graph'):
        if m.get(key) is not None:
            return m[key]
    return m['cell']


def check_request(m):
    _need(isinstance(m, dict), 'expected an object')
    _need(_is_int(m.get('id')), 'id: expected a non-negative integer')
    t = m.get('type')
    _need(t in ('count', 'proxy', 'train', 'bench'), "type: expected 'count', 'proxy', 'train' or 'bench'")
    check_network(m.get('network'))
    _need(sum(m.get(k) is not None for k in ('cell', 'chain', 'darts', 'graph')) == 1, 'expected exactly one of cell, chain, darts and graph')
    if m.get('chain') is not None:
        check_chain(m['chain'])
    elif m.get('darts') is not None:
        check_darts(m['darts'])
    elif m.get('graph') is not None:
        check_graph(m['graph'])
    else:
        check_cell(m.get('cell'))
    arch = architecture(m)
    if t == 'count':
        _need(isinstance(m.get('genotypes'), list), 'genotypes: expected a list')
        _need(m.get('method', 'build') in ('build', 'parts'), "method: expected 'build' or 'parts'")
        for i, g in enumerate(m['genotypes']):
            check_genotype(g, arch, 'genotypes[%d]' % i)
        return
    check_genotype(m.get('genotype'), arch)
    _need(m.get('device', 'auto') in ('auto', 'cpu', 'cuda'), "device: expected 'auto', 'cpu' or 'cuda'")
    if t == 'bench':
        _need(m.get('mode') in ('step', 'forward'), "mode: expected 'step' or 'forward'")
        _need(_is_int(m.get('batch'), 1), 'batch: expected an integer >= 1')
        return
    if t == 'proxy':
        _need(isinstance(m.get('proxy'), str), 'proxy: expected a string')
        _need(_is_int(m.get('batch'), 1), 'batch: expected an integer >= 1')
        _need(m.get('microBatch') is None or _is_int(m['microBatch'], 1), 'microBatch: expected an integer >= 1')
        _need(m.get('data', 'random') in ('random', 'fashion_mnist'), "data: expected 'random' or 'fashion_mnist'")
        _need(m.get('dataDir') is None or isinstance(m.get('dataDir'), str), 'dataDir: expected a string')
        _need(_is_int(m.get('seed')), 'seed: expected a non-negative integer')
        _need(m.get('init', 'seeded') in ('seeded', 'constant', 'channels'), "init: expected 'seeded', 'constant' or 'channels'")
    else:
        s = m.get('settings')
        _need(isinstance(s, dict), 'settings: expected an object')
        for k in ('epochs', 'batch', 'subset', 'validation', 'test'):
            _need(_is_int(s.get(k), 1), 'settings.%s: expected an integer >= 1' % k)
        _need(s.get('microBatch') is None or _is_int(s['microBatch'], 1), 'settings.microBatch: expected an integer >= 1')
        _need(_is_int(s.get('seed')), 'settings.seed: expected a non-negative integer')
        _need(isinstance(s.get('lr'), (int, float)) and not isinstance(s.get('lr'), bool) and s['lr'] > 0, 'settings.lr: expected a number > 0')
        _need(s.get('dataDir') is None or isinstance(s.get('dataDir'), str), 'settings.dataDir: expected a string')


def _device(name):
    import torch
    if name == 'cuda' and not torch.cuda.is_available():
        raise ValueError('device cuda was asked for, but torch sees no CUDA device here')
    if name == 'cuda' or (name == 'auto' and torch.cuda.is_available()):
        return torch.device('cuda')
    return torch.device('cpu')


_BENCH = {}


def handle(m):
    import fashion_mnist
    import network
    import proxies
    import training
    import torch
    started = time.perf_counter()
    t = m['type']
    arch = architecture(m)
    if t == 'count':
        # 'parts' memoizes the edge modules of a cell; a chain, DARTS or graph network is always built whole (on the meta device: fast).
        if m.get('method', 'build') == 'parts' and m.get('cell') is not None:
            params = network.count_params_by_parts(m['network'], arch, m['genotypes'])
        else:
            params = [network.count_params_fast(m['network'], arch, g) for g in m['genotypes']]
        send({'type': 'counted', 'id': m['id'], 'params': params, 'seconds': time.perf_counter() - started})
        return
    if t == 'bench':
        # One training step or forward pass of the bare loop's code, on a model kept between requests, so the
        # engine can time the round trip (bench/neural.ts compares it with bare_loop.py in its own process).
        import bare_loop
        key = json.dumps([m['network'], arch, m['genotype'], m['batch']])
        if _BENCH.get('key') != key:
            _BENCH.clear()
            _BENCH['key'] = key
            _BENCH['fns'] = bare_loop.step_functions(m['network'], arch, m['genotype'], m['batch'], _device(m.get('device', 'auto')))
        step, forward = _BENCH['fns']
        (step if m['mode'] == 'step' else forward)()
        send({'type': 'result', 'id': m['id'], 'value': 1000 * (time.perf_counter() - started), 'seconds': time.perf_counter() - started})
        return
    try:
        if t == 'proxy':
            # params and flops count on the CPU (no tensors worth moving); the others where the request says.
            proxies.INIT = m.get('init', 'seeded')
            proxies.DATA = m.get('data', 'random')
            proxies.DATA_DIR = m.get('dataDir')
            proxies.DEVICE = torch.device('cpu') if m['proxy'] in ('params', 'flops') else _device(m.get('device', 'auto'))
            if m['proxy'] not in proxies.PROXIES:
                raise BadRequest('proxy: unknown %r (known: %s)' % (m['proxy'], ', '.join(proxies.PROXIES)))
            value = proxies.compute(m['proxy'], m['network'], arch, m['genotype'], m['seed'], m['batch'], m.get('microBatch'))
            if not math.isfinite(value):
                send({'type': 'failed', 'id': m['id'], 'message': '%s is %s for this network' % (m['proxy'], value), 'seconds': time.perf_counter() - started})
                return
            send({'type': 'result', 'id': m['id'], 'value': value, 'seconds': time.perf_counter() - started})
        else:
            device = _device(m.get('device', 'auto'))

            def on_epoch(record):
                send({'type': 'epoch', 'id': m['id'], 'record': record})

            out = training.train(m['network'], arch, m['genotype'], m['settings'], device, on_epoch, lambda: False)
            send({'type': 'result', 'id': m['id'], 'value': out['validation'], 'report': out['test'], 'epochs': out['epochs'], 'seconds': time.perf_counter() - started})
    except proxies.ZeroNetwork:
        send({'type': 'failed', 'id': m['id'], 'message': "synflow is 0: the network's output does not depend on its input (no path through the cell)", 'seconds': time.perf_counter() - started})
    except (training.TrainingFailed, fashion_mnist.DatasetMissing) as e:
        send({'type': 'failed', 'id': m['id'], 'message': str(e), 'seconds': time.perf_counter() - started})
    except ValueError as e:
        send({'type': 'failed', 'id': m['id'], 'message': str(e)[:500], 'seconds': time.perf_counter() - started})
    except RuntimeError as e:
        # Out of memory and shape errors are this network's failure, not the worker's.
        text = str(e).split('\n')[0]
        if 'out of memory' in text.lower():
            torch.cuda.empty_cache() if torch.cuda.is_available() else None
        send({'type': 'failed', 'id': m['id'], 'message': 'torch: ' + text[:500], 'seconds': time.perf_counter() - started})


def serve():
    import torch
    # Threads: torch's default unless LISSNAS_TORCH_THREADS says otherwise. Measured on the busy 2-core machine:
    # forcing 2 OpenMP threads made small networks about 10x slower than 1 (spin-waiting under contention).
    threads = os.environ.get('LISSNAS_TORCH_THREADS', '').strip()
    if threads.isdigit() and int(threads) > 0:
        torch.set_num_threads(int(threads))
    send(ready_message())
    for line in sys.stdin:
        if not line.strip():
            continue
        ident = None
        try:
            m = json.loads(line)
            if isinstance(m, dict) and _is_int(m.get('id')):
                ident = m['id']
            check_request(m)
            handle(m)
        except (BadRequest, json.JSONDecodeError) as e:
            send({'type': 'failed', 'id': ident, 'message': 'bad request: %s' % e, 'bad': True})
        except Exception as e:  # a bug: say it, keep serving
            traceback.print_exc(file=sys.stderr)
            send({'type': 'failed', 'id': ident, 'message': 'worker error: %s: %s' % (type(e).__name__, str(e)[:300])})


if __name__ == '__main__':
    if '--probe' in sys.argv[1:]:
        try:
            send(ready_message())
        except ImportError as e:
            send({'type': 'absent', 'python': sys.executable, 'message': str(e)})
            sys.exit(3)
        sys.exit(0)
    serve()
