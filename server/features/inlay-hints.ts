/**
 * Inlay hints: the size of every space right after its name (`space NB201: 15,625 · 6,466 unique {`), and of
 * each member after its name (`kernel: 3/layer`, `lr: ∞`, `cell: 15,625`). Estimates are marked `≈`.
 * Type-hint style (`: n`) because editors render it like the type annotations users already read past.
 * Only sizes known now are shown (cached, plain arithmetic): the others are computed by the size worker in the
 * background, and the server asks the client to refresh the hints when they arrive (server/size-refresh.ts).
 */
import type { AstNode } from 'langium';
import { AbstractInlayHintProvider, type InlayHintAcceptor } from 'langium/lsp';
import { InlayHintKind, type InlayHint, type Position } from 'vscode-languageserver';
import * as ast from '../../dsl/generated/ast.js';
import { spaceSummary } from './hover.js';
import { prefetchSizes, sizeOfDeclarationNow, type MemberSizeInfo, type SpaceSizeDetail } from './space-size.js';

export class NasInlayHintProvider extends AbstractInlayHintProvider {
    computeInlayHint(node: AstNode, acceptor: InlayHintAcceptor): void {
        if (!ast.isSpace(node) || !node.$cstNode) return;
        const size = sizeOfDeclarationNow(node);
        if (!size) return prefetchSizes(node);
        if (size.error) return;
        acceptor(spaceHint(size));
        for (const member of size.members) {
            if (!member.error) acceptor(memberHint(member));
        }
    }
}

/** `: 15,625 · 6,466 unique` after the space's name. */
export function spaceHintLabel(size: SpaceSizeDetail): string {
    const unique = size.unique !== undefined && (size.unique !== size.exact || size.uniqueEstimated) ? ` · ${size.uniqueLabel} unique` : '';
    return `: ${size.label}${unique}`;
}

export function memberHintLabel(member: MemberSizeInfo): string {
    return `: ${member.label}${member.perLayer ? '/layer' : ''}`;
}

function spaceHint(size: SpaceSizeDetail): InlayHint {
    return hint(size.nameRange.end, spaceHintLabel(size), spaceSummary(size));
}

function memberHint(member: MemberSizeInfo): InlayHint {
    const tooltip = member.perLayer ? `${member.label} values in every layer` : `${member.name}: ${member.label} choices`;
    return hint(member.nameRange.end, memberHintLabel(member), tooltip);
}

function hint(position: Position, label: string, tooltip: string): InlayHint {
    return { position, label, kind: InlayHintKind.Type, paddingLeft: false, paddingRight: true, tooltip };
}
