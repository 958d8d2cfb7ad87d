import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

/**
 * Fashion-MNIST from its IDX files, for the tfjs worker's training: the same files, search order, hint and
 * normalisation as the torch worker's workers/torch/fashion_mnist.py (Debian's `dataset-fashion-mnist` puts them
 * under /usr/share/datasets/fashion-mnist/, gzip or plain). Read once per worker process and kept in memory as
 * uint8 (47 MB); the header (magic number, dimensions) and the file size are checked, so a truncated or foreign
 * file is a clear failure instead of images made of the wrong bytes.
 */
export const DEFAULT_DIRS = ['/usr/share/datasets/fashion-mnist', '/usr/share/fashion-mnist', '/usr/share/datasets/fashion_mnist'];
const FILES = {
    trainImages: 'train-images-idx3-ubyte',
    trainLabels: 'train-labels-idx1-ubyte',
    testImages: 't10k-images-idx3-ubyte',
    testLabels: 't10k-labels-idx1-ubyte',
} as const;
export const INSTALL_HINT = 'install it with `apt-get install dataset-fashion-mnist` (IDX files under /usr/share/datasets/fashion-mnist/), or set LISSNAS_FASHION_MNIST to a folder holding the four IDX files';

/** Per-pixel mean and standard deviation of the training images scaled to [0, 1] (fashion_mnist.py's). */
export const MEAN = 0.286;
export const STD = 0.353;
export const SIDE = 28;
export const CLASSES = 10;

/** The data set is not here, or a file of it is not an IDX file of the expected shape. */
export class DatasetMissing extends Error {}

export interface Images {
    /** count x 28 x 28 pixels, row-major, 0..255. */
    pixels: Uint8Array;
    labels: Uint8Array;
    count: number;
}

export interface FashionMnist {
    train: Images;
    test: Images;
}

function find(folder: string, stem: string): string | undefined {
    for (const name of [stem, `${stem}.gz`]) {
        const path = join(folder, name);
        if (existsSync(path) && statSync(path).isFile()) return path;
    }
    return undefined;
}

/** The folder holding the four files: `folder` if given, else LISSNAS_FASHION_MNIST, else Debian's. */
export function locate(folder?: string, env: NodeJS.ProcessEnv = process.env): string {
    const candidates = folder ? [folder] : env.LISSNAS_FASHION_MNIST ? [env.LISSNAS_FASHION_MNIST] : DEFAULT_DIRS;
    const found = candidates.find((c) => Object.values(FILES).every((stem) => find(c, stem)));
    if (!found) throw new DatasetMissing(`Fashion-MNIST not found (looked in ${candidates.join(', ')}): ${INSTALL_HINT}`);
    return found;
}

/** The payload of an IDX file of unsigned bytes with `dims` dimensions, after checking its header and length. */
export function readIdx(bytes: Uint8Array, dims: number, what: string): { shape: number[]; data: Uint8Array } {
    const corrupt = (why: string): DatasetMissing => new DatasetMissing(`Fashion-MNIST: ${what} is not a valid IDX file (${why}); reinstall it (${INSTALL_HINT})`);
    const header = 4 + 4 * dims;
    if (bytes.length < 4) throw corrupt(`${bytes.length} bytes, shorter than its header`);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const magic = view.getUint32(0);
    // 0x08: unsigned bytes; the low byte: the number of dimensions.
    const expected = 0x0800 + dims;
    if (magic !== expected) throw corrupt(`magic number 0x${magic.toString(16).padStart(8, '0')}, expected 0x${expected.toString(16).padStart(8, '0')}`);
    if (bytes.length < header) throw corrupt(`${bytes.length} bytes, shorter than its header`);
    const shape = Array.from({ length: dims }, (_, i) => view.getUint32(4 + 4 * i));
    const size = shape.reduce((a, d) => a * d, 1);
    if (bytes.length !== header + size) throw corrupt(`${bytes.length - header} bytes of data for a shape of ${shape.join(' x ')} (${size})`);
    return { shape, data: bytes.subarray(header) };
}

function readFile(path: string): Uint8Array {
    const raw = readFileSync(path);
    if (!path.endsWith('.gz')) return raw;
    try {
        return gunzipSync(raw);
    } catch (e) {
        throw new DatasetMissing(`Fashion-MNIST: ${path} is not a valid gzip file (${(e as Error).message}); reinstall it (${INSTALL_HINT})`);
    }
}

function images(folder: string, imagesStem: string, labelsStem: string): Images {
    const imagesPath = find(folder, imagesStem) as string;
    const labelsPath = find(folder, labelsStem) as string;
    const x = readIdx(readFile(imagesPath), 3, imagesPath);
    const y = readIdx(readFile(labelsPath), 1, labelsPath);
    if (x.shape[1] !== SIDE || x.shape[2] !== SIDE) throw new DatasetMissing(`Fashion-MNIST: ${imagesPath} holds ${x.shape[1]} x ${x.shape[2]} images, expected ${SIDE} x ${SIDE}`);
    if (y.shape[0] !== x.shape[0]) throw new DatasetMissing(`Fashion-MNIST: ${labelsPath} has ${y.shape[0]} labels for the ${x.shape[0]} images of ${imagesPath}`);
    const bad = y.data.findIndex((l) => l >= CLASSES);
    if (bad >= 0) throw new DatasetMissing(`Fashion-MNIST: ${labelsPath} label ${bad} is ${y.data[bad]}, expected 0..${CLASSES - 1}`);
    return { pixels: x.data, labels: y.data, count: x.shape[0] };
}

const cache = new Map<string, FashionMnist>();

export function loadFashionMnist(folder?: string): FashionMnist {
    const where = locate(folder);
    let data = cache.get(where);
    if (!data) {
        data = { train: images(where, FILES.trainImages, FILES.trainLabels), test: images(where, FILES.testImages, FILES.testLabels) };
        cache.set(where, data);
    }
    return data;
}

/** The images at `indices`, normalised as torch's training does ((x / 255 - MEAN) / STD), NHWC with one channel. */
export function normalised(set: Images, indices: ArrayLike<number>): Float32Array {
    const pixels = SIDE * SIDE;
    const out = new Float32Array(indices.length * pixels);
    for (let i = 0; i < indices.length; i++) {
        const from = indices[i] * pixels;
        for (let p = 0; p < pixels; p++) out[i * pixels + p] = (set.pixels[from + p] / 255 - MEAN) / STD;
    }
    return out;
}
