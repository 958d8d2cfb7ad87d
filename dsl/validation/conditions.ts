/**
 * Conditional parameters (`momentum uniform(0.8, 0.99) when optimizer == "sgd"`): the condition refers to
 * a choice parameter declared earlier in the same space, and compares it with values it can take.
 */
import { AstUtils, type ValidationAcceptor, type ValidationChecks } from 'langium';
import * as ast from '../generated/ast.js';
import { scalarOf } from '../compile.js';

export function conditionChecks(): ValidationChecks<ast.NasAstType> {
    return {
        Comparison: checkComparison,
    };
}

function checkComparison(comparison: ast.Comparison, accept: ValidationAcceptor): void {
    const param = comparison.param?.ref;
    if (!param) return; // unknown name: the linker reports it
    const owner = AstUtils.getContainerOfType(comparison, ast.isDimension);
    if (!owner) return;
    if (param === owner) {
        accept('error', `parameter '${owner.name}' cannot depend on itself`, { node: comparison, property: 'param' });
        return;
    }
    const siblings = owner.$container === param.$container ? siblingsOf(owner) : undefined;
    if (siblings && siblings.indexOf(param) > siblings.indexOf(owner)) {
        accept('error', `'${owner.name}' depends on '${param.name}', which is declared later: declare '${param.name}' first`, { node: comparison, property: 'param' });
        return;
    }
    if (!param.domain || !ast.isChoice(param.domain)) {
        const what = param.space ? 'a subspace' : 'a continuous parameter';
        accept('error', `a condition compares a choice parameter; '${param.name}' is ${what}`, { node: comparison, property: 'param' });
        return;
    }
    const choices = param.domain.values.map(scalarOf);
    const shown = param.domain.values.map((v) => v.$cstNode?.text ?? '?').join(', ');
    const check = (value: ast.Value, report: () => void): void => {
        const scalar = scalarOf(value);
        if (scalar === undefined) return;
        if (!choices.some((c) => c === scalar)) report();
    };
    if (comparison.value) {
        check(comparison.value, () =>
            accept('error', `'${param.name}' never equals ${comparison.value!.$cstNode?.text}: its choices are ${shown}`, { node: comparison, property: 'value' }),
        );
    }
    comparison.list?.items.forEach((item, index) =>
        check(item, () =>
            accept('error', `'${param.name}' never equals ${item.$cstNode?.text}: its choices are ${shown}`, { node: comparison.list!, property: 'items', index }),
        ),
    );
}

function siblingsOf(dimension: ast.Dimension): Array<ast.SpaceMember | ast.Dimension> {
    const container = dimension.$container;
    return ast.isLayers(container) ? container.params : container.members;
}
