/**
 * Diagnostic codes that quick fixes key on (server/features/code-actions.ts). The values match
 * `FixCode` in server/features/fix-codes.ts; they are defined here because the language (dsl/) must not
 * depend on the server.
 */
export const DiagnosticCode = {
    /** `uniform(1, 0)`: low >= high. */
    InvertedBounds: 'nas.inverted-bounds',
    /** `choice [1, 2, 1]`. */
    DuplicateChoice: 'nas.duplicate-choice',
    /** `ops [a, b, a]`. */
    DuplicateOp: 'nas.duplicate-op',
    /** `edges [2 -> 1]`. */
    BackwardEdge: 'nas.backward-edge',
} as const;
