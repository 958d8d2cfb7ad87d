/**
 * Short, human-readable renderings of AST fragments, shared by hover, outline, inlay hints and completion.
 * They print what the author wrote (normalised spacing), never engine values, so they work on documents
 * that do not compile yet.
 */
import * as ast from '../../dsl/generated/ast.js';

/** The value as written, normalised (one space after commas). */
export function valueText(value: ast.Value | undefined): string {
    if (!value) return '?';
    if (ast.isNumberValue(value)) return value.$cstNode?.text ?? String(value.value);
    if (ast.isQuantityValue(value)) return value.value;
    if (ast.isStringValue(value)) return value.$cstNode?.text ?? JSON.stringify(value.value);
    if (ast.isBooleanValue(value)) return String(value.value);
    if (ast.isWordValue(value)) return value.word;
    if (ast.isListValue(value)) return `[${value.items.map(valueText).join(', ')}]`;
    if (ast.isCallValue(value)) return `${value.name}(${value.args.map(argText).join(', ')})`;
    return '?';
}

export function argText(arg: ast.Arg): string {
    return (arg.name ? `${arg.name}: ` : '') + valueText(arg.value);
}

/** `relu_conv_bn(kernel: 3)`, or the bare kind (`identity`). */
export function opImplText(impl: ast.OpImpl): string {
    const called = impl.args.length > 0 || (impl.$cstNode?.text.includes('(') ?? false);
    return called ? `${impl.kind}(${impl.args.map(argText).join(', ')})` : impl.kind;
}

/** `choice [3, 5, 7]`, `loguniform(1e-4, 1e-1)`. */
export function domainText(domain: ast.Domain): string {
    if (ast.isChoice(domain)) return `choice [${domain.values.map(valueText).join(', ')}]`;
    return `${domain.kind}(${domain.args.map(argText).join(', ')})`;
}

/** A one-line description of a domain, for outlines: `3 choices`, `loguniform(1e-4, 1e-1)`. */
export function describeDomain(domain: ast.Domain): string {
    if (ast.isChoice(domain)) return `${domain.values.length} choice${domain.values.length === 1 ? '' : 's'}`;
    return domainText(domain);
}

export function conditionText(condition: ast.Condition | undefined): string {
    if (!condition) return '';
    if (ast.isBinaryCondition(condition)) {
        const side = (c: ast.Condition) => (ast.isBinaryCondition(c) && c.operator !== condition.operator ? `(${conditionText(c)})` : conditionText(c));
        return `${side(condition.left)} ${condition.operator} ${side(condition.right)}`;
    }
    const param = condition.param?.$refText ?? '?';
    if (condition.operator === 'in') return `${param} ${condition.negated ? 'not in' : 'in'} ${valueText(condition.list)}`;
    return `${param} ${condition.operator} ${valueText(condition.value)}`;
}

/** Digits with thousands separators: 15625n → "15,625". */
export function groupDigits(digits: string): string {
    const negative = digits.startsWith('-');
    const body = negative ? digits.slice(1) : digits;
    return (negative ? '-' : '') + body.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * A size for people: exact counts below a billion with separators (`15,625`), larger ones in scientific
 * form from their log10 (`1.03 × 10^18`), `∞ (continuous)` for unquantized real parameters.
 * `estimated` prefixes `≈`.
 */
export function sizeLabel(count: bigint | 'continuous' | undefined, log10: number, estimated = false): string {
    if (count === 'continuous' || log10 === Infinity) return '∞ (continuous)';
    const approx = estimated ? '≈' : '';
    if (count !== undefined && count < 1_000_000_000n) return approx + groupDigits(count.toString());
    if (!Number.isFinite(log10)) return '?';
    let exponent = Math.floor(log10);
    let mantissa = 10 ** (log10 - exponent);
    if (Number(mantissa.toFixed(2)) >= 10) {
        mantissa /= 10;
        exponent += 1;
    }
    return `${approx}${mantissa.toFixed(2)} × 10^${exponent}`;
}

/** `10^4.19`, the order of magnitude shown next to exact counts. */
export function log10Label(log10: number): string {
    return Number.isFinite(log10) ? `10^${log10.toFixed(2)}` : '∞';
}
