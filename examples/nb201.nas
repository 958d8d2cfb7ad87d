// NAS-Bench-201 on CIFAR-10: LISSNAS against two baselines, then searches at equal budgets.
// `lissnas demo` runs this file; `lissnas shrink examples/nb201.nas --policy Lissnas` runs one policy.
// Every number comes from the real benchmark table (no training, no GPU, no network).

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

// Search on the validation column, report the test column (`--datasets c100` switches both prefixes).
evaluator c10 = table("../data/nb201/nb201.csv") {
  key    arch as nb201
  metric c10_val_naslib
  report c10_test
}

policy Lissnas = lissnas(NB201) {
  evaluate  c10
  sample    50
  seeds     top 10
  neighbors distance 1
  stop      plateau(patience: 1, delta: 0.05)
  max_iterations 6
  seed      42
}
policy ABS    = op_pruning(NB201)    { evaluate c10; sample 200; keep 2 per edge; seed 42 }
policy Random = random_shrink(NB201) { match Lissnas; seed 42 }

// Budgets are totals: a search inside a shrunk space gets what the shrinkage left.
search REA      = evolution(Lissnas) { evaluate c10; population 20; budget 500; seed 42 }
search REA_full = evolution(NB201)   { evaluate c10; population 20; budget 500; seed 42 }
search RS       = random(NB201)      { evaluate c10; budget 500; seed 42 }
