import { LineCounter, parseDocument } from 'yaml';

/** A YAML file read with the `yaml` package, with `line:col` of any path for problem reports. */
export interface YamlSource {
    data: unknown;
    /** `line:col` of the node at `path` (the nearest existing parent when it is absent). */
    at(path: Array<string | number>): string;
    errors: string[];
}

export function readYaml(text: string): YamlSource {
    const lineCounter = new LineCounter();
    const doc = parseDocument(text, { lineCounter, prettyErrors: false });
    const errors = doc.errors.map((e) => {
        const pos = lineCounter.linePos(e.pos[0]);
        return `${pos.line}:${pos.col}: ${e.message.split('\n')[0]}`;
    });
    const at = (path: Array<string | number>): string => {
        for (let n = path.length; n >= 0; n--) {
            const node = doc.getIn(path.slice(0, n), true) as { range?: [number, number, number] } | undefined;
            if (node && node.range) {
                const pos = lineCounter.linePos(node.range[0]);
                return `${pos.line}:${pos.col}`;
            }
        }
        return '1:1';
    };
    return { data: errors.length > 0 ? undefined : doc.toJS(), at, errors };
}
