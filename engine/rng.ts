/**
 * Seeded pseudo-random numbers. Every stochastic step of the engine draws from an `Rng`, never from
 * `Math.random`, so that the same seed gives the same run in any process (and a resumed run can replay).
 * Algorithm: sfc32 seeded through splitmix32; fast, 128-bit state, good statistical quality.
 */
export class Rng {
    private a: number;
    private b: number;
    private c: number;
    private d: number;

    constructor(seed: number | string) {
        let s = typeof seed === 'number' ? seed >>> 0 : hashString(seed);
        const next = (): number => {
            s = (s + 0x9e3779b9) >>> 0;
            let z = s;
            z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
            z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
            return (z ^ (z >>> 16)) >>> 0;
        };
        this.a = next();
        this.b = next();
        this.c = next();
        this.d = next();
        for (let i = 0; i < 12; i++) this.uint32();
    }

    /** Uniform 32-bit unsigned integer. */
    uint32(): number {
        const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
        this.d = (this.d + 1) >>> 0;
        this.a = this.b ^ (this.b >>> 9);
        this.b = (this.c + (this.c << 3)) >>> 0;
        this.c = (this.c << 21) | (this.c >>> 11);
        this.c = (this.c + t) >>> 0;
        return t;
    }

    /** Uniform in [0, 1). */
    next(): number {
        return this.uint32() / 4294967296;
    }

    /** Uniform integer in [0, n). */
    int(n: number): number {
        if (!(n > 0)) throw new RangeError(`Rng.int needs n > 0, got ${n}`);
        return Math.floor(this.next() * n);
    }

    /** Uniform element of a non-empty array. */
    pick<T>(items: readonly T[]): T {
        return items[this.int(items.length)];
    }

    /** Fisher-Yates shuffle of a copy. */
    shuffle<T>(items: readonly T[]): T[] {
        const out = items.slice();
        for (let i = out.length - 1; i > 0; i--) {
            const j = this.int(i + 1);
            [out[i], out[j]] = [out[j], out[i]];
        }
        return out;
    }

    /** Standard normal (Box-Muller). */
    normal(): number {
        let u = 0;
        while (u === 0) u = this.next();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
    }

    /** An independent generator derived from this one (for sub-tasks that must not shift the parent stream). */
    fork(label: string): Rng {
        return new Rng(`${this.uint32()}:${label}`);
    }
}

function hashString(text: string): number {
    let h = 2166136261;
    for (let i = 0; i < text.length; i++) {
        h ^= text.charCodeAt(i);
        h = Math.imul(h, 16777619);
    }
    return h >>> 0;
}
