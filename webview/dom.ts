/** Small DOM helpers: elements are built with textContent and attributes, never from HTML strings with data in them. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: { className?: string; text?: string; title?: string } = {}, ...children: Array<Node | string>): HTMLElementTagNameMap[K] {
    const node = document.createElement(tag);
    if (props.className) node.className = props.className;
    if (props.text !== undefined) node.textContent = props.text;
    if (props.title) node.title = props.title;
    for (const child of children) node.append(child);
    return node;
}

export function clear(node: Element): void {
    while (node.firstChild) node.firstChild.remove();
}

/** A codicon (codicon.css is bundled next to the script). */
export function icon(name: string): HTMLElement {
    return el('span', { className: `codicon codicon-${name}` });
}

export function button(label: string, iconName: string, onClick: () => void): HTMLElement {
    const b = document.createElement('vscode-button');
    b.setAttribute('secondary', '');
    b.append(icon(iconName), ` ${label}`);
    b.addEventListener('click', onClick);
    return b;
}
