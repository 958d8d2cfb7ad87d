/**
 * Splits a child's output into lines as chunks arrive. A pipe cuts wherever it likes (inside a line, inside a
 * UTF-8 sequence), so bytes are decoded with a StringDecoder that keeps a split character for the next chunk, and
 * the text after the last newline waits for the rest of its line.
 */
import { StringDecoder } from 'node:string_decoder';

export class LineSplitter {
    private readonly decoder = new StringDecoder('utf8');
    private rest = '';

    /** The complete lines this chunk ends (without their `\n` or `\r\n`). */
    push(chunk: Buffer | string): string[] {
        const text = this.rest + (typeof chunk === 'string' ? chunk : this.decoder.write(chunk));
        const lines = text.split('\n');
        this.rest = lines.pop()!;
        return lines.map(stripCr);
    }

    /** At the end of the stream: the last line if it had no newline (a killed writer's torn line included). */
    end(): string[] {
        const last = this.rest + this.decoder.end();
        this.rest = '';
        return last === '' ? [] : [stripCr(last)];
    }
}

function stripCr(line: string): string {
    return line.endsWith('\r') ? line.slice(0, -1) : line;
}
