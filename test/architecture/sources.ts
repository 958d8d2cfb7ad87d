// The files the architecture tests judge: the repository root and every TypeScript source below a folder of it.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export const root = join(import.meta.dirname, '..', '..');

/** Absolute paths of the `.ts`/`.mts`/`.cts` files below `dir` (relative to the root); none when it is absent. */
export function sources(dir: string): string[] {
    const abs = join(root, dir);
    if (!existsSync(abs)) return [];
    return readdirSync(abs).flatMap((name) => {
        const path = join(abs, name);
        if (statSync(path).isDirectory()) return sources(relative(root, path));
        return /\.(ts|mts|cts)$/.test(name) ? [path] : [];
    });
}
