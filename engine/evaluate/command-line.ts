// Splitting a `command("...")` line into argv, with no process access: the language's checks use it too.

/** Splits a command line into words: whitespace separates, single and double quotes group; no expansion. */
export function splitCommandLine(line: string): string[] {
    const words: string[] = [];
    let word = '';
    let has = false;
    let quote: string | undefined;
    for (const c of line) {
        if (quote) {
            if (c === quote) quote = undefined;
            else word += c;
        } else if (c === '"' || c === "'") {
            quote = c;
            has = true;
        } else if (/\s/.test(c)) {
            if (has) words.push(word);
            word = '';
            has = false;
        } else {
            word += c;
            has = true;
        }
    }
    if (quote) throw new Error(`command: unterminated ${quote} quote in '${line}'`);
    if (has) words.push(word);
    return words;
}
