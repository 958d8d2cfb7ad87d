/**
 * Dense numbering of small integer tuples (a trie of Maps): the exact cell count hashes millions of
 * tuples of expression ids, and a trie of integer keys avoids building a string key for each of them.
 */
interface TrieNode {
    index: number;
    next?: Map<number, TrieNode>;
}

export class TupleIndex {
    private readonly root: TrieNode = { index: -1 };
    /** Number of distinct tuples seen. */
    size = 0;

    /** Index of `tuple[0..length)`, numbered in order of first sight; `isNew` tells whether it was just added. */
    indexOf(tuple: ArrayLike<number>, length: number = tuple.length): number {
        let node = this.root;
        for (let i = 0; i < length; i++) {
            let next = node.next;
            if (!next) next = node.next = new Map();
            let child = next.get(tuple[i]);
            if (!child) {
                child = { index: -1 };
                next.set(tuple[i], child);
            }
            node = child;
        }
        if (node.index < 0) {
            node.index = this.size++;
            this.isNew = true;
        } else {
            this.isNew = false;
        }
        return node.index;
    }

    /** Whether the last `indexOf` added its tuple. */
    isNew = false;
}
