/**
 * Diagnostic codes the quick fixes (code-actions.ts) respond to. The validator attaches the `nas.*` codes
 * (defined in dsl/validation/codes.ts, since the language must not depend on the server); Langium's
 * unresolved references carry `data.code === 'linking-error'` with the container type and property; a
 * "did you mean 'X'?" in any message (unknown names, kinds, keys, arguments) offers the suggestion.
 */
import { DiagnosticCode } from '../../dsl/validation/codes.js';

export const FixCode = {
    /** `uniform(1, 0)`: low >= high. Fix: swap the two bounds. */
    InvertedBounds: DiagnosticCode.InvertedBounds,
    /** `choice [1, 2, 1]`. Fix: remove the repeated value. */
    DuplicateChoice: DiagnosticCode.DuplicateChoice,
    /** `ops [a, b, a]`. Fix: remove the repeated op. */
    DuplicateOp: DiagnosticCode.DuplicateOp,
    /** `edges [2 -> 1]`. Fix: reverse it (or remove it when the reversed edge is already listed). */
    BackwardEdge: DiagnosticCode.BackwardEdge,
    /** A misspelt name with a suggestion in the message (`did you mean 'X'?`). Fix: use the suggestion. */
    DidYouMean: 'nas.did-you-mean',
    /** Langium's unresolved reference (`ops Foo` with no op set Foo). Fix: create it. */
    LinkingError: 'linking-error',
} as const;

/** The fix codes that apply to a diagnostic: its code, its data code, and a suggestion in its message. */
export function fixCodesOf(diagnostic: { code?: number | string; message: string; data?: unknown }): string[] {
    const codes = new Set<string>();
    if (typeof diagnostic.code === 'string') codes.add(diagnostic.code);
    const dataCode = (diagnostic.data as { code?: unknown } | undefined)?.code;
    if (typeof dataCode === 'string') codes.add(dataCode);
    if (/did you mean '[^']+'\?/.test(diagnostic.message)) codes.add(FixCode.DidYouMean);
    return [...codes];
}
