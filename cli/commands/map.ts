import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CLASSICAL_MAX, DEFAULT_LANDMARKS } from '../../engine/report/embedding.js';
import { readRunMap } from '../../engine/run/run-map.js';
import { JSON_FLAG, type Command } from '../command.js';
import { FileSystemError } from '../exit-codes.js';

export const mapCommand: Command = {
    name: 'map',
    summary: "the pocket map of a run: every evaluated architecture in 2-D by the space's own distance",
    usage: 'lissnas map <run-dir> [--json] [--landmarks N]',
    description:
        'Places every architecture the run evaluated (journal.jsonl) in 2-D by an embedding of the space\'s own\n' +
        `distance: classical MDS up to ${CLASSICAL_MAX} points, landmark MDS above (--landmarks, default ${DEFAULT_LANDMARKS}); deterministic.\n` +
        'Each point carries its metrics, whether it is a member of the shrunk space (result.json), its pocket\n' +
        '(the nearest pocket seed within its radius), and a drawing of the architecture (docs/pocket-map.md).\n' +
        'The space is compiled from run.json, like resume. A run still going (no result.json yet) is mapped from\n' +
        'its journal: no members, no pockets. It reads the run directory and writes nothing into it.\n' +
        'With --json: the map as one JSON line on stdout (protocol/pocket-map.ts, format lissnas-map/1);\n' +
        'without: a short summary.',
    flags: [JSON_FLAG, { name: 'landmarks', type: 'count', valueName: 'N', description: `landmarks of landmark MDS (default ${DEFAULT_LANDMARKS})` }],
    positionals: [1, 1],
    examples: ['lissnas shrink examples/nb201.nas --policy Lissnas --out runs/lissnas && lissnas map runs/lissnas', 'lissnas map runs/lissnas --json > map.json'],
    async run(args, io) {
        const dir = args.positionals[0];
        requireRunDir(dir);
        const started = performance.now();
        const landmarks = args.flags.landmarks as number | undefined;
        const { map, finished } = readRunMap(dir, landmarks !== undefined ? { landmarks } : {});
        const seconds = (performance.now() - started) / 1000;
        if (args.flags.json) {
            io.stdout.write(JSON.stringify(map) + '\n');
            return 0;
        }
        const members = map.points.filter((p) => p.member).length;
        const failed = map.points.filter((p) => p.metric === undefined).length;
        const method = map.embedding.method === 'classical-mds' ? 'classical MDS' : `landmark MDS (${map.embedding.landmarks} landmarks)`;
        const best = map.points.find((p) => p.key === map.bestKey);
        const lines = [
            `map of ${map.command} ${map.name} in space ${map.space}: ${map.points.length} points${failed ? ` (${failed} failed)` : ''}, ${members} members of the shrunk space, ${map.pockets.length} pockets`,
            `embedding: ${method}, explained ${(100 * map.embedding.explained).toFixed(1)} % of the distance variance`,
            ...(best ? [`best: ${best.arch}${best.metric !== undefined ? `  ${map.metricName ?? 'metric'} ${best.metric}` : ''}`] : []),
            ...(finished ? [] : ['the run has not finished (no result.json): members and pockets appear when it ends']),
            `built in ${seconds.toFixed(2)} s`,
        ];
        io.stdout.write(lines.join('\n') + '\n');
        return 0;
    },
};

/** A run directory (run.json): a study directory or any other folder is refused with exit 3. */
function requireRunDir(dir: string): void {
    if (!existsSync(dir)) throw new FileSystemError(`no such directory: ${dir}; give the --out directory of a shrink or search`);
    if (!statSync(dir).isDirectory()) throw new FileSystemError(`${dir} is a file, not a run directory; give the --out directory of a shrink or search`);
    if (!existsSync(join(dir, 'run.json'))) {
        throw new FileSystemError(`${dir} is not a run directory (no run.json); lissnas map needs the --out directory of a shrink or search`);
    }
}
