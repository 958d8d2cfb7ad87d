/**
 * Reads the files of a zip archive (a .vsix is one) with node:zlib, so the packaging test needs no `unzip`.
 * Walks the central directory (the authoritative list) and inflates each entry from its local header; handles
 * the two methods vsce writes, stored (0) and deflated (8). No zip64, no encryption: a .vsix uses neither.
 */
import { readFileSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';

export function readZip(path: string): Map<string, Buffer> {
    const zip = readFileSync(path);
    // End of central directory: signature 0x06054b50, within the last 64 KiB (+ 22 bytes) of the file.
    let end = -1;
    for (let i = zip.length - 22; i >= Math.max(0, zip.length - 65_557); i--) {
        if (zip.readUInt32LE(i) === 0x06054b50) {
            end = i;
            break;
        }
    }
    if (end < 0) throw new Error(`${path}: not a zip file (no end of central directory)`);
    const count = zip.readUInt16LE(end + 10);
    let offset = zip.readUInt32LE(end + 16);
    const files = new Map<string, Buffer>();
    for (let n = 0; n < count; n++) {
        if (zip.readUInt32LE(offset) !== 0x02014b50) throw new Error(`${path}: bad central directory entry ${n}`);
        const method = zip.readUInt16LE(offset + 10);
        const compressed = zip.readUInt32LE(offset + 20);
        const nameLength = zip.readUInt16LE(offset + 28);
        const extraLength = zip.readUInt16LE(offset + 30);
        const commentLength = zip.readUInt16LE(offset + 32);
        const local = zip.readUInt32LE(offset + 42);
        const name = zip.toString('utf8', offset + 46, offset + 46 + nameLength);
        const dataStart = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
        const data = zip.subarray(dataStart, dataStart + compressed);
        if (method !== 0 && method !== 8) throw new Error(`${path}: ${name}: unsupported compression method ${method}`);
        if (!name.endsWith('/')) files.set(name, method === 8 ? inflateRawSync(data) : Buffer.from(data));
        offset += 46 + nameLength + extraLength + commentLength;
    }
    return files;
}
