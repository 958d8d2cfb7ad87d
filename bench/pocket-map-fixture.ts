/**
 * A pocket map of N real NAS-Bench-201 architectures (arch strings and metrics from data/nb201/nb201.csv) for
 * rendering benchmarks and browser tests of the pocket view. The coordinates are NOT an embedding of the space's
 * distance (that is `lissnas map`'s job): each point is placed by its ops, deterministically, so that the view
 * has N distinct points to draw; members, pockets and the best are assigned by metric. Valid for PocketMapCheck.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { POCKET_MAP_FORMAT, type DrawnGraph, type MapPoint, type PocketMap } from '../protocol/pocket-map.js';

const root = join(import.meta.dirname, '..');
const OPS = ['none', 'skip_connect', 'nor_conv_1x1', 'nor_conv_3x3', 'avg_pool_3x3'];

/** The NB201 cell of an arch string `|op~0|+|op~0|op~1|+|op~0|op~1|op~2|` as a drawn graph. */
export function nb201Cell(arch: string): DrawnGraph {
    const edges = arch
        .split('+')
        .flatMap((part, i) => part.split('|').filter(Boolean).map((e) => ({ from: e.split('~')[1], to: String(i + 1), label: e.split('~')[0] })));
    return { title: 'cell', nodes: ['0', '1', '2', '3'].map((id) => ({ id, label: id })), edges };
}

export function pocketMapFixture(n: number): PocketMap {
    const lines = readFileSync(join(root, 'data', 'nb201', 'nb201.csv'), 'utf8').trim().split('\n');
    const header = lines[0].split(',');
    const archAt = header.indexOf('arch');
    const metricAt = header.indexOf('c10_val_naslib');
    const reportAt = header.indexOf('c10_test');
    // Every third row, so the sample spreads over the table.
    const rows = lines.slice(1).filter((_, i) => i % 3 === 0).slice(0, n).map((l) => l.split(','));
    const points: MapPoint[] = rows.map((r, i) => {
        const arch = r[archAt];
        const ops = arch.split('+').flatMap((p) => p.split('|').filter(Boolean).map((e) => OPS.indexOf(e.split('~')[0])));
        const x = ops.reduce((a, op, k) => a + Math.cos(k * 1.7 + op) * (op + 1), 0) + Math.sin(i) * 0.3;
        const y = ops.reduce((a, op, k) => a + Math.sin(k * 2.3 + op) * (op + 1), 0) + Math.cos(i) * 0.3;
        return { key: ops.join(','), arch, x, y, metric: Number(r[metricAt]), report: Number(r[reportAt]), member: false, iteration: 1 + (i % 6), drawing: { graphs: [nb201Cell(arch)], tables: [] } };
    });
    const ranked = [...points].sort((a, b) => b.metric! - a.metric!);
    const memberCount = Math.ceil(points.length / 10);
    ranked.slice(0, memberCount).forEach((p, i) => {
        p.member = true;
        p.pocket = i % 5;
    });
    const pockets = [0, 1, 2, 3, 4].map((k) => {
        const members = ranked.slice(0, memberCount).filter((p) => p.pocket === k);
        return { seed: members[0].arch, seedKey: members[0].key, members: members.length, radius: 1, bestMetric: members[0].metric, meanMetric: members.reduce((a, p) => a + p.metric!, 0) / members.length };
    });
    return {
        format: POCKET_MAP_FORMAT,
        command: 'shrink',
        name: 'Fixture',
        space: 'NB201',
        metricName: 'c10_val_naslib',
        reportName: 'c10_test',
        embedding: { method: 'landmark-mds', landmarks: 0, explained: 0 },
        points,
        pockets,
        bestKey: ranked[0].key,
    };
}
