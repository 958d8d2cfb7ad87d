"""Fashion-MNIST from its IDX files (Debian's `dataset-fashion-mnist` puts them under
/usr/share/datasets/fashion-mnist/; gzip or plain). Read once per worker process and kept in memory (47 MB as
uint8); no torchvision needed."""
import gzip
import os

import numpy as np

DEFAULT_DIRS = ('/usr/share/datasets/fashion-mnist', '/usr/share/fashion-mnist', '/usr/share/datasets/fashion_mnist')
FILES = {
    'train_images': 'train-images-idx3-ubyte',
    'train_labels': 'train-labels-idx1-ubyte',
    'test_images': 't10k-images-idx3-ubyte',
    'test_labels': 't10k-labels-idx1-ubyte',
}
INSTALL_HINT = 'install it with `apt-get install dataset-fashion-mnist` (IDX files under /usr/share/datasets/fashion-mnist/), or set LISSNAS_FASHION_MNIST to a folder holding the four IDX files'

# Per-pixel mean and standard deviation of the training images (scaled to [0, 1]).
MEAN = 0.2860
STD = 0.3530


class DatasetMissing(Exception):
    pass


def _find(folder, stem):
    for name in (stem, stem + '.gz'):
        path = os.path.join(folder, name)
        if os.path.isfile(path):
            return path
    return None


def locate(folder=None):
    """The folder holding the four files: `folder` if given, else LISSNAS_FASHION_MNIST, else Debian's."""
    candidates = [folder] if folder else ([os.environ['LISSNAS_FASHION_MNIST']] if os.environ.get('LISSNAS_FASHION_MNIST') else list(DEFAULT_DIRS))
    for c in candidates:
        if c and all(_find(c, stem) for stem in FILES.values()):
            return c
    raise DatasetMissing('Fashion-MNIST not found (looked in %s): %s' % (', '.join(c for c in candidates if c), INSTALL_HINT))


def _read_idx(path):
    opener = gzip.open if path.endswith('.gz') else open
    with opener(path, 'rb') as f:
        data = f.read()
    magic = int.from_bytes(data[0:4], 'big')
    dims = magic & 0xFF
    shape = tuple(int.from_bytes(data[4 + 4 * i: 8 + 4 * i], 'big') for i in range(dims))
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


_CACHE = {}


def load(folder=None):
    where = locate(folder)
    if where not in _CACHE:
        _CACHE[where] = {k: _read_idx(_find(where, stem)) for k, stem in FILES.items()}
    return _CACHE[where]


def images_tensor(images):
    """uint8 images (N x 28 x 28) as the networks take them: N x 1 x 28 x 28 float32, scaled to [0, 1] and
    normalised with MEAN and STD (training's inputs and the proxies' Fashion-MNIST inputs alike)."""
    import torch
    x = torch.from_numpy(images.astype(np.float32) / 255.0).unsqueeze(1)
    return (x - MEAN) / STD
