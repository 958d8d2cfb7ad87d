// The study behind docs/results.md: LISSNAS (defaults) against op pruning (ABS-like) and a random shrink of the
// same size on NAS-Bench-201, then regularized evolution and random search in the full space and inside each
// shrunk space at equal total budgets. Run it on the three datasets with:
//   node bin/lissnas.cjs study examples/study-nb201.nas --policies Lissnas,ABS,Random --searches REA,RS \
//     --seeds 30 --datasets c10,c100,in16 --budgets 100,200,500,1000,2000 --out runs/results-defaults
// (`--datasets` switches the table columns: search on `*_val_naslib`, report `*_test`.)

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

evaluator c10 = table("../data/nb201/nb201.csv") {
  key    arch as nb201
  metric c10_val_naslib
  report c10_test
}

// LISSNAS with the engine's defaults (docs/lissnas.md), written out.
policy Lissnas = lissnas(NB201) {
  evaluate  c10
  sample    100
  seeds     top 10
  neighbors distance 1
  stop      plateau(patience: 1, delta: 0.05)
  max_iterations 10
}
policy ABS    = op_pruning(NB201)    { evaluate c10; sample 200; keep 2 per edge }
policy Random = random_shrink(NB201) { match Lissnas }

// Searches name the full space; the study also runs them inside every shrunk space.
search REA = evolution(NB201) { evaluate c10; population 20; tournament 5; budget 500 }
search RS  = random(NB201)    { evaluate c10; budget 500 }
