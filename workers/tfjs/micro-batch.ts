import * as tf from '@tensorflow/tfjs-core';

/**
 * The gradient of a loss averaged over a batch, computed in chunks of `microBatch` inputs (absent, or not below
 * the batch: the whole batch at once) and accumulated, so a batch that does not fit in memory (tfjs-backend-wasm's
 * heap is 4 GiB) still takes one step. Each chunk's summed loss is divided by the whole batch's size, so the sum
 * of the chunks' gradients is the batch-mean gradient: the same step as the full batch, except that what couples
 * the inputs of a batch (batch norm's statistics) sees one chunk at a time (ghost batch norm).
 *
 * `chunkLoss(start, count)` returns the loss summed over inputs start..start+count-1. Returns the batch-mean loss
 * and one gradient per variable, undefined where no chunk's loss depends on it (torch leaves such a .grad None,
 * and its optimizer then skips the parameter). The caller owns (disposes) what is returned.
 */
export function accumulatedGradients(vars: readonly tf.Variable[], size: number, microBatch: number | undefined, chunkLoss: (start: number, count: number) => tf.Scalar): { loss: tf.Scalar; grads: Array<tf.Tensor | undefined> } {
    const chunk = microBatch !== undefined && microBatch < size ? microBatch : size;
    const grads: Array<tf.Tensor | undefined> = vars.map(() => undefined);
    let loss: tf.Scalar = tf.scalar(0);
    for (let start = 0; start < size; start += chunk) {
        const count = Math.min(chunk, size - start);
        // variableGrads frees the chunk's activations as it returns; only the gradients and the loss remain.
        const { value, grads: g } = tf.variableGrads(() => tf.div(chunkLoss(start, count), size) as tf.Scalar, vars as tf.Variable[]);
        vars.forEach((v, i) => {
            const gi = g[v.name];
            if (!gi) return;
            const previous = grads[i];
            if (!previous) grads[i] = gi;
            else {
                grads[i] = tf.add(previous, gi);
                previous.dispose();
                gi.dispose();
            }
        });
        const total = tf.add(loss, value) as tf.Scalar;
        loss.dispose();
        value.dispose();
        loss = total;
    }
    return { loss, grads };
}
