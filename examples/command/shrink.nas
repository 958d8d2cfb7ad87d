// Shrinking NAS-Bench-201 with YOUR training script: examples/command/train.py trains each architecture on
// Fashion-MNIST (PyTorch, Debian's python3-torch and dataset-fashion-mnist) and writes its answer to
// {result_file}; without them it scores a synthetic objective (its answer says "mode": "synthetic").
//   lissnas shrink examples/command/shrink.nas --policy Shrink --out runs/mine
// Logs of each trial: runs/mine/trials/<id>/stdout, stderr, progress.jsonl, result.json (docs/scale-out.md).

ops NB201Ops {
  none
  skip_connect = identity
  nor_conv_1x1 = relu_conv_bn(kernel: 1)
  nor_conv_3x3 = relu_conv_bn(kernel: 3)
  avg_pool_3x3 = avg_pool(kernel: 3)
}

space NB201 {
  cell {
    nodes 4
    edges all
    ops NB201Ops
  }
}

evaluator mine = command("python3 train.py --arch {arch} --result {result_file} --seed {seed} --epochs 2") {
  metric   accuracy      // the field of the answer the search sees
  report   test_accuracy // the field reports show
  parallel 2             // trials at once
  timeout  10m           // per attempt; the whole process group is killed
  retries  1             // a failed attempt runs once more; both are journaled
}

policy Shrink = lissnas(NB201) {
  evaluate  mine
  sample    12
  seeds     top 3
  neighbors distance 1
  stop      plateau(patience: 1, delta: 0.05)
  max_iterations 2
  seed      1
}
