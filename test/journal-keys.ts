import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The keys of a run directory's journaled evaluations, read straight from journal.jsonl (not through the engine's
 * reader, so the tests check the file itself); complete lines only, as a killed writer may leave a torn one.
 */
export function evalKeys(dir: string): string[] {
    const path = join(dir, 'journal.jsonl');
    if (!existsSync(path)) return [];
    return readFileSync(path, 'utf8')
        .split('\n')
        .filter((line) => line.startsWith('{"type":"eval"') && line.endsWith('}'))
        .map((line) => (JSON.parse(line) as { key: string }).key);
}
