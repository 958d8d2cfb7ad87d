/**
 * Settings of evaluators, policies, searches and `network` blocks, against `setting-schema.ts`: the key must
 * exist for the declaration's kind, appear once, and its values must have the expected shape and units.
 * Checks that need more than the setting itself (table columns, numbers that must fit a space) live in
 * evaluators.ts and policies.ts.
 */
import type { ValidationAcceptor, ValidationChecks } from 'langium';
import * as ast from '../generated/ast.js';
import { didYouMean } from '../scoping/closest-name.js';
import { kindSchema, KEY_FORMATS, type DeclarationCategory, type SettingSchema } from './setting-schema.js';
import { durationOf, percentOf, textOf, wholeCountOf } from './units.js';

type SettingOwner = ast.Evaluator | ast.Policy | ast.Search | ast.Network;

export function settingChecks(): ValidationChecks<ast.NasAstType> {
    return {
        Evaluator: checkSettings,
        Policy: checkSettings,
        Search: checkSettings,
        Network: checkSettings,
    };
}

export function categoryOf(owner: SettingOwner): DeclarationCategory {
    if (ast.isEvaluator(owner)) return 'evaluator';
    if (ast.isPolicy(owner)) return 'policy';
    if (ast.isSearch(owner)) return 'search';
    return 'network';
}

function kindOf(owner: SettingOwner): string {
    return ast.isNetwork(owner) ? 'network' : owner.kind;
}

function checkSettings(owner: SettingOwner, accept: ValidationAcceptor): void {
    const category = categoryOf(owner);
    const kind = kindOf(owner);
    const schema = kindSchema(category, kind);
    if (!schema) return; // unknown kind: reported by the declaration's own check
    const what = category === 'network' ? 'the network block' : `a ${kind} ${category}`;
    const keys = schema.settings.map((s) => s.key);
    const seen = new Set<string>();
    for (const setting of owner.settings) {
        const key = setting.key;
        const entry = schema.settings.find((s) => s.key === key);
        if (!entry) {
            const accepts = keys.length > 0 ? `; it accepts ${keys.join(', ')}` : '; it accepts none';
            accept('error', `unknown setting '${key}' for ${what}${didYouMean(key, keys)}${accepts}`, { node: setting, property: 'key' });
            continue;
        }
        if (seen.has(key)) accept('error', `setting '${key}' is given twice`, { node: setting, property: 'key' });
        seen.add(key);
        if (ast.isGenericSetting(setting)) checkShape(setting, entry, accept);
    }
    for (const entry of schema.settings) {
        if (entry.required && !seen.has(entry.key)) {
            const message = `${what} needs \`${entry.key} ${entry.syntax}\``;
            if (ast.isNetwork(owner)) accept('error', message, { node: owner, keyword: 'network' });
            else accept('error', message, { node: owner, property: 'name' });
        }
    }
}

/** Checks a setting's values against its shape; reports on the offending value. */
export function checkShape(setting: ast.GenericSetting, schema: SettingSchema, accept: ValidationAcceptor): void {
    const values = setting.values;
    const key = setting.key;
    const at = (index: number) => ({ node: setting, property: 'values' as const, index });
    const expect = (message: string) => accept('error', message, values.length > 0 ? at(0) : { node: setting, property: 'key' });
    const usage = `\`${key} ${schema.syntax}\``.replace(/ `$/, '`');
    const exactly = (n: number): boolean => {
        if (values.length === n) return true;
        if (values.length > n) accept('error', `${key} takes ${n === 0 ? 'no value' : n === 1 ? 'one value' : `${n} values`}: ${usage}`, at(n));
        else expect(`${key} needs a value: ${usage}`);
        return false;
    };
    const count = (index: number, what: string = key, min = 1): number | undefined => {
        const result = wholeCountOf(values[index], what, min);
        if (typeof result === 'string') {
            accept('error', result, at(index));
            return undefined;
        }
        return result;
    };
    const isWord = (index: number, word: string) => values[index] !== undefined && ast.isWordValue(values[index]) && (values[index] as ast.WordValue).word === word;

    switch (schema.shape) {
        case 'flag':
            exactly(0);
            return;
        case 'count':
            if (exactly(1)) count(0);
            return;
        case 'integer':
            if (exactly(1)) count(0, key, 0);
            return;
        case 'number':
            if (exactly(1) && !ast.isNumberValue(values[0])) accept('error', `${key} needs a plain number, not ${textOf(values[0])}`, at(0));
            return;
        case 'count-or-percent':
            if (!exactly(1)) return;
            if (percentOf(values[0]) !== undefined) checkPercent(values[0], key, accept, at(0));
            else count(0);
            return;
        case 'duration': {
            if (!exactly(1)) return;
            const seconds = durationOf(values[0], key);
            if (typeof seconds === 'string') accept('error', seconds, at(0));
            else if (seconds <= 0) accept('error', `${key} must be positive`, at(0));
            return;
        }
        case 'column':
        case 'text':
            if (exactly(1) && !ast.isWordValue(values[0]) && !ast.isStringValue(values[0])) accept('error', `${key} needs a name or a string: ${usage}`, at(0));
            return;
        case 'word': {
            if (!exactly(1)) return;
            const words = schema.words ?? [];
            const value = values[0];
            const word = ast.isWordValue(value) ? value.word : ast.isStringValue(value) ? value.value : undefined;
            if (word === undefined || !words.includes(word)) {
                accept('error', `${key} expects ${words.join(' or ')}, not ${textOf(value)}${word ? didYouMean(word, words) : ''}`, at(0));
            }
            return;
        }
        case 'key-column': {
            if (values.length === 0) return expect(`key needs a column: ${usage}`);
            if (!ast.isWordValue(values[0]) && !ast.isStringValue(values[0])) accept('error', `key needs a column name: ${usage}`, at(0));
            if (values.length === 1) return;
            if (!isWord(1, 'as')) return void accept('error', `expected \`as nb201\` or \`as digits\` after the key column`, at(1));
            if (values.length < 3) return void accept('error', 'say how the key names architectures: `as nb201` or `as digits`', at(1));
            const format = values[2];
            const word = ast.isWordValue(format) ? format.word : undefined;
            if (!word || !(KEY_FORMATS as readonly string[]).includes(word)) {
                accept('error', `unknown key format ${textOf(format)}${word ? didYouMean(word, KEY_FORMATS) : ''}: expected nb201 (|op~0|+... strings) or digits (one op index per edge)`, at(2));
            }
            if (values.length > 3) accept('error', `key takes ${usage}`, at(3));
            return;
        }
        case 'seeds': {
            // `top 10`, `top 10%`, or just `10`.
            const offset = isWord(0, 'top') ? 1 : 0;
            if (values.length !== offset + 1) return expect(`seeds takes \`top <count>\`, e.g. \`seeds top 10\``);
            if (percentOf(values[offset]) !== undefined) checkPercent(values[offset], 'seeds', accept, at(offset));
            else count(offset, 'seeds');
            return;
        }
        case 'neighbors':
        case 'lissnas-neighbors': {
            // `distance D`; a lissnas policy also takes `in current|full` and `filter [better_than] median|mean|seed|none`
            // (the options engine/policy/lissnas.ts reads).
            const options = schema.shape === 'lissnas-neighbors';
            const takes = `neighbors takes \`${schema.syntax}\``;
            let i = isWord(0, 'distance') ? 1 : 0;
            if (values[i] === undefined) return expect(`${takes}, e.g. \`neighbors distance 1\``);
            count(i++, 'the neighbourhood distance');
            while (i < values.length) {
                if (options && isWord(i, 'in') && (isWord(i + 1, 'current') || isWord(i + 1, 'full'))) i += 2;
                else if (options && isWord(i, 'filter')) {
                    const j = isWord(i + 1, 'better_than') ? i + 2 : i + 1;
                    if (!['median', 'mean', 'seed', 'none'].some((w) => isWord(j, w))) return accept('error', takes, at(Math.min(j, values.length - 1)));
                    i = j + 1;
                } else return accept('error', takes, at(i));
            }
            return;
        }
        case 'keep': {
            if (values.length === 1 && percentOf(values[0]) !== undefined) return checkPercent(values[0], 'keep', accept, at(0));
            if (values.length === 3 && isWord(1, 'per') && isWord(2, 'edge')) {
                count(0, 'ops kept per edge');
                return;
            }
            return expect(`keep takes \`<count> per edge\` or a percentage (\`keep 5%\`)`);
        }
        case 'stop':
            if (exactly(1)) checkStop(values[0], accept);
            return;
        case 'counts': {
            if (!exactly(1)) return;
            const list = values[0];
            if (!ast.isListValue(list) || list.items.length === 0) return void accept('error', `${key} needs a list of counts: ${usage}`, at(0));
            list.items.forEach((item, index) => {
                const result = wholeCountOf(item, `each of ${key}`);
                if (typeof result === 'string') accept('error', result, { node: list, property: 'items', index });
            });
            return;
        }
        case 'evaluator':
        case 'policy':
            return; // references: the grammar and the linker handle them
    }
}

export function checkPercent(value: ast.Value, what: string, accept: ValidationAcceptor, at: { node: ast.GenericSetting; property: 'values'; index: number }): void {
    const percent = percentOf(value)!;
    if (!(percent > 0 && percent <= 100)) accept('error', `${what} ${textOf(value)} is outside (0%, 100%]`, at);
}

const STOP_FORMS: Record<string, Array<{ name: string; integer: boolean }>> = {
    plateau: [
        { name: 'patience', integer: true },
        { name: 'delta', integer: false },
    ],
    iterations: [{ name: 'count', integer: true }],
};

function checkStop(value: ast.Value, accept: ValidationAcceptor): void {
    if (!ast.isCallValue(value) || !(value.name in STOP_FORMS)) {
        const name = ast.isCallValue(value) ? value.name : ast.isWordValue(value) ? value.word : undefined;
        accept('error', `stop expects plateau(patience: <count>, delta: <number>) or iterations(<count>), not ${textOf(value)}${name ? didYouMean(name, Object.keys(STOP_FORMS)) : ''}`, { node: value });
        return;
    }
    const form = STOP_FORMS[value.name];
    value.args.forEach((arg, index) => {
        const parameter = arg.name ? form.find((p) => p.name === arg.name) : form[index];
        if (!parameter) {
            accept('error', `${value.name} takes ${form.map((p) => p.name).join(', ')}`, { node: value, property: 'args', index });
            return;
        }
        const v = arg.value;
        if (!ast.isNumberValue(v) || v.value < 0 || (parameter.integer && !Number.isInteger(v.value))) {
            accept('error', `${parameter.name} must be a ${parameter.integer ? 'whole ' : ''}number >= 0`, { node: arg, property: 'value' });
        }
    });
}
