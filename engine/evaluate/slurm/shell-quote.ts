// Job scripts are shell scripts by nature; every word lissnas puts in one is single-quoted, so an architecture
// string (`|`, `~`), a path with spaces or a `$` reaches the trial program exactly as written.

/** `'word'`, with each `'` written as `'\''`. */
export function shellQuote(word: string): string {
    return `'${word.replace(/'/g, `'\\''`)}'`;
}
