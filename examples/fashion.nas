// A small cell space shrunk with short real training on Fashion-MNIST (`apt-get install dataset-fashion-mnist`).
// Each architecture trains for one epoch on 1,000 images; the metric is the accuracy on 500 held-out training
// images, the report the accuracy on 1,000 test images. On a busy 2-core machine (docs/benchmarks.md): about
// 40 s on the torch back-end (`apt-get install python3-torch`), about 2.5 minutes on wasm (no Python needed):
//   lissnas shrink examples/fashion.nas --policy Short                  (torch when present, else wasm)
//   lissnas shrink examples/fashion.nas --policy Short --backend wasm
// `Zero` ranks the same space with synflow at initialization instead (seconds, no data):
//   lissnas shrink examples/fashion.nas --policy Zero

ops NB201Ops {
  none
  skip_connect = identity
  nor_conv_1x1 = relu_conv_bn(kernel: 1)
  nor_conv_3x3 = relu_conv_bn(kernel: 3)
  avg_pool_3x3 = avg_pool(kernel: 3)
}

// NB201's cell in a narrow skeleton: one cell per stage, 8/16/32 channels. Training builds it for the data
// set's images (1 x 28 x 28, 10 classes); the cost model and the proxies use the skeleton as written.
space SmallCells {
  cell {
    nodes 4
    edges all
    ops NB201Ops
  }
  network { stem 8 stages [8, 16, 32] cells_per_stage 1 }
}

evaluator short = train(fashion_mnist) {
  epochs      1
  batch       25
  lr          0.1
  subset      1000
  holdout     500
  test_subset 1000
  seed        0
  timeout     5m
}

evaluator zc = proxy(synflow) { seed 0 }

policy Short = lissnas(SmallCells) {
  evaluate       short
  sample         8
  seeds          top 2
  neighbors      distance 1
  max_iterations 2
  seed           7
}

policy Zero = lissnas(SmallCells) {
  evaluate       zc
  sample         50
  seeds          top 5
  neighbors      distance 1
  max_iterations 3
  seed           7
}
