/**
 * Signature help inside the parentheses of distributions (`loguniform(low, high)`), op implementations
 * (`relu_conv_bn(kernel)`), evaluator kinds (`table("path.csv")`) and setting calls (`plateau(patience,
 * delta)`). Text-based: the call being typed is usually not parsed yet, and the text before the cursor says
 * which function and which argument (commas at depth 0; a named argument `step:` selects its parameter).
 */
import type { LangiumDocument } from 'langium';
import type { SignatureHelpProvider } from 'langium/lsp';
import type { SignatureHelp, SignatureHelpOptions, SignatureHelpParams, SignatureInformation } from 'vscode-languageserver';
import { DISTRIBUTION_PARAMETERS } from '../../dsl/compile.js';
import { isDistributionKind } from '../../dsl/generated/ast.js';
import { findOpImplementation } from '../../dsl/validation/op-catalogue.js';
import { kindDeclaration, type DeclarationCategory } from '../../engine/registry/index.js';
import { DISTRIBUTION_DOCS } from './keyword-docs.js';

interface Signature {
    label: string;
    doc: string;
    params: Array<{ name: string; doc?: string }>;
}

const SETTING_CALLS: Record<string, Signature> = {
    plateau: { label: 'plateau', doc: 'Stop when the average accuracy improved by less than `delta` for `patience` iterations.', params: [{ name: 'patience', doc: 'iterations without improvement' }, { name: 'delta', doc: 'smallest improvement that counts: a number (metric units), `noise` (one standard error of the sample mean) or `noise(k)`' }] },
    iterations: { label: 'iterations', doc: 'Stop after this many iterations.', params: [{ name: 'count' }] },
    slurm: {
        label: 'slurm',
        doc: 'Run each trial as an element of a Slurm array job (arguments by name; docs/scale-out.md).',
        params: [
            { name: 'partition', doc: 'sbatch --partition' },
            { name: 'gres', doc: 'sbatch --gres, e.g. "gpu:1"' },
            { name: 'time', doc: 'job time limit, e.g. 30m (whole minutes for Slurm)' },
            { name: 'cpus', doc: 'sbatch --cpus-per-task' },
            { name: 'mem', doc: 'sbatch --mem, e.g. 16G' },
            { name: 'array_limit', doc: 'array elements running at once (--array=...%N)' },
            { name: 'account', doc: 'sbatch --account' },
            { name: 'qos', doc: 'sbatch --qos' },
        ],
    },
};

export class NasSignatureHelpProvider implements SignatureHelpProvider {
    get signatureHelpOptions(): SignatureHelpOptions {
        return { triggerCharacters: ['(', ','], retriggerCharacters: [',', ':'] };
    }

    provideSignatureHelp(document: LangiumDocument, params: SignatureHelpParams): SignatureHelp | undefined {
        return signatureHelpAt(document.textDocument.getText(), document.textDocument.offsetAt(params.position));
    }
}

/** Signature help for the call around `offset` in `text`. */
export function signatureHelpAt(text: string, offset: number): SignatureHelp | undefined {
    const call = openCall(text, offset);
    if (!call) return undefined;
    const signature = signatureOf(call.name, call.before);
    if (!signature) return undefined;
    const named = call.currentArgName ? signature.params.findIndex((p) => p.name === call.currentArgName) : -1;
    const information: SignatureInformation = {
        label: `${signature.label}(${signature.params.map((p) => p.name).join(', ')})`,
        documentation: { kind: 'markdown', value: signature.doc },
        parameters: signature.params.map((p) => ({ label: p.name, documentation: p.doc })),
    };
    return { signatures: [information], activeSignature: 0, activeParameter: named >= 0 ? named : Math.min(call.index, Math.max(0, signature.params.length - 1)) };
}

function signatureOf(name: string, before: string): Signature | undefined {
    if (isDistributionKind(name)) {
        return { label: name, doc: DISTRIBUTION_DOCS[name] ?? '', params: DISTRIBUTION_PARAMETERS[name].map((p) => ({ name: p })) };
    }
    const declaration = /\b(evaluator|policy|search)\s+\w+\s*=\s*$/.exec(before);
    if (declaration) {
        const category = declaration[1] as DeclarationCategory;
        const schema = kindDeclaration(category, name);
        if (!schema) return undefined;
        const params = category === 'evaluator' ? schema.args.map((a) => ({ name: a.syntax, doc: a.doc })) : [{ name: category === 'policy' ? 'space' : 'space or policy' }];
        return { label: name, doc: schema.doc, params };
    }
    const impl = findOpImplementation(name);
    if (impl) return { label: name, doc: impl.doc, params: impl.args.map((a) => ({ name: a.name, doc: a.doc })) };
    return SETTING_CALLS[name];
}

/** The innermost call whose `(` is open at `offset`: its name, the argument index, a named argument's name. */
function openCall(text: string, offset: number): { name: string; index: number; before: string; currentArgName?: string } | undefined {
    let depth = 0;
    let commas = 0;
    let lastArgStart = offset;
    for (let i = offset - 1; i >= 0; i--) {
        const c = text[i];
        if (c === '"' || c === "'") {
            // Skip back over a string literal.
            const start = text.lastIndexOf(c, i - 1);
            if (start < 0) return undefined;
            i = start;
        } else if (c === ')' || c === ']') depth++;
        else if (c === '[' && depth > 0) depth--;
        else if (c === '(' && depth > 0) depth--;
        else if (c === '[' || c === '{' || c === '}' || c === ';') return undefined;
        else if (c === ',' && depth === 0) {
            if (commas === 0) lastArgStart = i + 1;
            commas++;
        } else if (c === '(' && depth === 0) {
            if (commas === 0) lastArgStart = i + 1;
            const head = /(\w+)\s*$/.exec(text.slice(0, i));
            if (!head) return undefined;
            const currentArgName = /^\s*(\w+)\s*:/.exec(text.slice(lastArgStart, offset))?.[1];
            return { name: head[1], index: commas, before: text.slice(0, head.index), currentArgName };
        }
    }
    return undefined;
}
