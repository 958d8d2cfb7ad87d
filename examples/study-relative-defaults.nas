// Relative settings (docs/lissnas.md, "Settings relative to the space"): does one default hold on spaces of very
// different size? The same five LISSNAS configurations on NAS-Bench-201 (5 ops, 15,625 cells) and on two
// sub-spaces the table covers exactly: without `none` (4 ops, 4,096 cells) and convolutions + skip only (3 ops,
// 729 cells). Tuned and measured on CIFAR-10 validation only (search on c10_val_naslib, report c10_test):
//   node bin/lissnas.cjs study examples/study-relative-defaults.nas --seeds 30 --datasets c10 --budgets 200,500,1000 \
//     --searches REA --policies Fixed,Share,Noise,Nearest,Relative --out runs/relative-15625
// and the same with the searches and policies of the smaller spaces (REA4 / *4, REA3 / *3).

ops NB201Ops {
  none
  skip_connect = identity
  nor_conv_1x1 = relu_conv_bn(kernel: 1)
  nor_conv_3x3 = relu_conv_bn(kernel: 3)
  avg_pool_3x3 = avg_pool(kernel: 3)
}

space NB201  { cell { nodes 4; edges all; ops NB201Ops } }
ops NB201Ops4 {
  skip_connect = identity
  nor_conv_1x1 = relu_conv_bn(kernel: 1)
  nor_conv_3x3 = relu_conv_bn(kernel: 3)
  avg_pool_3x3 = avg_pool(kernel: 3)
}

ops NB201Ops3 {
  skip_connect = identity
  nor_conv_1x1 = relu_conv_bn(kernel: 1)
  nor_conv_3x3 = relu_conv_bn(kernel: 3)
}

space NB201x4 { cell { nodes 4; edges all; ops NB201Ops4 } }
space NB201x3 { cell { nodes 4; edges all; ops NB201Ops3 } }

evaluator c10 = table("../data/nb201/nb201.csv") {
  key    arch as nb201
  metric c10_val_naslib
  report c10_test
}

// Fixed: the engine's defaults. Share: the sample as 1% of the full space within [20, 200]. Noise: the plateau
// threshold is one standard error of the sample mean. Nearest: each pocket is the seed's 24 nearest cells (NB201's
// distance-1 ball holds 24; the 4-op space's 18, the 3-op space's 12). Relative: all three, seeds top 10%.
policy Fixed    = lissnas(NB201) { evaluate c10 }
policy Share    = lissnas(NB201) { evaluate c10; sample 1% min 20 max 200 }
policy Noise    = lissnas(NB201) { evaluate c10; stop plateau(patience: 1, delta: noise) }
policy Nearest  = lissnas(NB201) { evaluate c10; neighbors count 24 }
policy Relative = lissnas(NB201) { evaluate c10; sample 1% min 20 max 200; seeds top 10%; neighbors count 24; stop plateau(patience: 1, delta: noise) }

policy Fixed4    = lissnas(NB201x4) { evaluate c10 }
policy Share4    = lissnas(NB201x4) { evaluate c10; sample 1% min 20 max 200 }
policy Noise4    = lissnas(NB201x4) { evaluate c10; stop plateau(patience: 1, delta: noise) }
policy Nearest4  = lissnas(NB201x4) { evaluate c10; neighbors count 24 }
policy Relative4 = lissnas(NB201x4) { evaluate c10; sample 1% min 20 max 200; seeds top 10%; neighbors count 24; stop plateau(patience: 1, delta: noise) }

policy Fixed3    = lissnas(NB201x3) { evaluate c10 }
policy Share3    = lissnas(NB201x3) { evaluate c10; sample 1% min 20 max 200 }
policy Noise3    = lissnas(NB201x3) { evaluate c10; stop plateau(patience: 1, delta: noise) }
policy Nearest3  = lissnas(NB201x3) { evaluate c10; neighbors count 24 }
policy Relative3 = lissnas(NB201x3) { evaluate c10; sample 1% min 20 max 200; seeds top 10%; neighbors count 24; stop plateau(patience: 1, delta: noise) }

// Wide: a share whose lower bound is the fixed default's 100, so small spaces sample as Fixed does and large ones more.
policy Wide  = lissnas(NB201)   { evaluate c10; sample 1% min 100 max 400 }
policy Wide4 = lissnas(NB201x4) { evaluate c10; sample 1% min 100 max 400 }
policy Wide3 = lissnas(NB201x3) { evaluate c10; sample 1% min 100 max 400 }

search REA  = evolution(NB201)   { evaluate c10; population 20; tournament 5; budget 500 }
search REA4 = evolution(NB201x4) { evaluate c10; population 20; tournament 5; budget 500 }
search REA3 = evolution(NB201x3) { evaluate c10; population 20; tournament 5; budget 500 }
