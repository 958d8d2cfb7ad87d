// Diverse pockets where the landscape has several good regions: the study of examples/study-nb201-apart.nas on
// NAS-Bench-201 under a parameter budget (`constraint params <= 0.5M`, a mobile-sized network: 10,240 of the
// 15,625 cells fit). Unconstrained, NB201's best cells form one connected region (docs/metrics.md, "Pockets and
// distinct good regions"); under the budget the large convolution-heavy cells are gone and the best that remain
// split into several regions (`npm run bench:landscape`: 7 to 22 components at distance 1 on the three datasets).
// LISSNAS with its defaults against seeds at least 2 or 3 edits apart (`seeds top 10 apart d`), then evolution:
//   node bin/lissnas.cjs study examples/study-nb201-budget.nas --policies Lissnas,Apart2,Apart3,Random \
//     --searches REA --seeds 30 --datasets c10,c100,in16 --budgets 200,500,1000 --out runs/budget
// (`--datasets` switches the table columns: search on `*_val_naslib`, report `*_test`. The constraint counts the
// cost model's CIFAR-10 skeleton, which equals the table's `c10_params_m`: docs/cost-model.md.)
ops NB201Ops {
  none
  skip_connect = identity
  nor_conv_1x1 = relu_conv_bn(kernel: 1)
  nor_conv_3x3 = relu_conv_bn(kernel: 3)
  avg_pool_3x3 = avg_pool(kernel: 3)
}

space NB201 {
  constraint params <= 0.5M
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
// The same with seeds at least 2 / 3 edits apart (a greedy walk down the ranking).
policy Apart2 = lissnas(NB201) {
  evaluate  c10
  sample    100
  seeds     top 10 apart 2
  neighbors distance 1
  stop      plateau(patience: 1, delta: 0.05)
  max_iterations 10
}
policy Apart3 = lissnas(NB201) {
  evaluate  c10
  sample    100
  seeds     top 10 apart 3
  neighbors distance 1
  stop      plateau(patience: 1, delta: 0.05)
  max_iterations 10
}
policy Random = random_shrink(NB201) { match Lissnas }

// For searches inside the shrunk spaces (`--searches REA --budgets 500,1000`).
search REA = evolution(NB201) { evaluate c10; population 20; tournament 5; budget 500 }
