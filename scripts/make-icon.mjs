// Draws the extension's icon (images/icon.png, 128×128, referenced by package.json `icon`) from shapes, with
// a minimal PNG encoder on node:zlib: no image tools, no downloads. The picture is the product in one glance:
// a large space of grey architectures, the pocket that shrinkage keeps (ringed, bright), its best one marked.
// Deterministic: the same file on every run (`node scripts/make-icon.mjs`; commit the result).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const SIZE = 128;
const SUPER = 4; // samples per pixel side (antialiasing)
const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'images', 'icon.png');

const hex = (h) => [parseInt(h.slice(1, 3), 16), parseInt(h.slice(3, 5), 16), parseInt(h.slice(5, 7), 16)];

// Deterministic scatter (a small LCG), so the icon never changes between runs.
let state = 7;
const rand = () => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648);
const pocket = { x: 80, y: 50, r: 27 };
const space = [];
while (space.length < 34) {
    const p = { x: 18 + rand() * 92, y: 18 + rand() * 92 };
    if (Math.hypot(p.x - pocket.x, p.y - pocket.y) > pocket.r + 6) space.push(p);
}
const members = [
    [72, 42], [86, 38], [92, 54], [76, 60], [66, 52], [84, 66], [70, 32],
].map(([x, y]) => ({ x, y }));
const best = { x: 82, y: 50 };

/** Signed distance of a rounded square (the background tile). */
function roundedSquare(x, y, inset, radius) {
    const c = SIZE / 2;
    const half = c - inset - radius;
    const dx = Math.max(Math.abs(x - c) - half, 0);
    const dy = Math.max(Math.abs(y - c) - half, 0);
    return Math.hypot(dx, dy) - radius;
}

/** The colour at a sample point, layer by layer (later layers on top); null outside the tile. */
function sample(x, y) {
    if (roundedSquare(x, y, 4, 22) > 0) return null;
    let color = hex('#1b2540');
    for (const p of space) if (Math.hypot(x - p.x, y - p.y) < 3.6) color = hex('#6c7a99');
    const d = Math.hypot(x - pocket.x, y - pocket.y);
    if (d < pocket.r) color = mix(color, hex('#3aa0e0'), 0.18);
    if (Math.abs(d - pocket.r) < 2.2) color = hex('#4fc3f7');
    for (const p of members) if (Math.hypot(x - p.x, y - p.y) < 4) color = hex('#ffd54f');
    if (Math.hypot(x - best.x, y - best.y) < 7.5) color = hex('#ffffff');
    if (Math.hypot(x - best.x, y - best.y) < 5) color = hex('#ff7043');
    // The shrinking arrow: from the lower left (the whole space) towards the pocket.
    if (distanceToSegment(x, y, 26, 104, 58, 72) < 3) color = hex('#4fc3f7');
    if (insideTriangle(x, y, [64, 66], [48, 70], [60, 82])) color = hex('#4fc3f7');
    return color;
}

function mix(a, b, t) {
    return a.map((v, i) => v + (b[i] - v) * t);
}

function distanceToSegment(x, y, x1, y1, x2, y2) {
    const dx = x2 - x1;
    const dy = y2 - y1;
    const t = Math.max(0, Math.min(1, ((x - x1) * dx + (y - y1) * dy) / (dx * dx + dy * dy)));
    return Math.hypot(x - (x1 + t * dx), y - (y1 + t * dy));
}

function insideTriangle(x, y, a, b, c) {
    const side = (p, q) => (x - q[0]) * (p[1] - q[1]) - (p[0] - q[0]) * (y - q[1]);
    const s1 = side(a, b);
    const s2 = side(b, c);
    const s3 = side(c, a);
    return (s1 >= 0 && s2 >= 0 && s3 >= 0) || (s1 <= 0 && s2 <= 0 && s3 <= 0);
}

// Rows of RGBA, each prefixed with filter type 0 (none), as PNG's IDAT expects.
const raw = Buffer.alloc(SIZE * (SIZE * 4 + 1));
for (let py = 0; py < SIZE; py++) {
    raw[py * (SIZE * 4 + 1)] = 0;
    for (let px = 0; px < SIZE; px++) {
        const sum = [0, 0, 0, 0];
        for (let sy = 0; sy < SUPER; sy++) {
            for (let sx = 0; sx < SUPER; sx++) {
                const c = sample(px + (sx + 0.5) / SUPER, py + (sy + 0.5) / SUPER);
                if (!c) continue;
                sum[0] += c[0];
                sum[1] += c[1];
                sum[2] += c[2];
                sum[3] += 1;
            }
        }
        const o = py * (SIZE * 4 + 1) + 1 + px * 4;
        const n = sum[3];
        raw[o] = n ? Math.round(sum[0] / n) : 0;
        raw[o + 1] = n ? Math.round(sum[1] / n) : 0;
        raw[o + 2] = n ? Math.round(sum[2] / n) : 0;
        raw[o + 3] = Math.round((255 * n) / (SUPER * SUPER));
    }
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
});
function crc32(buffer) {
    let c = 0xffffffff;
    for (const byte of buffer) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
}
const header = Buffer.alloc(13);
header.writeUInt32BE(SIZE, 0);
header.writeUInt32BE(SIZE, 4);
header[8] = 8; // bit depth
header[9] = 6; // RGBA
const png = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
]);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, png);
console.log(`${out}: ${png.length} bytes`);
