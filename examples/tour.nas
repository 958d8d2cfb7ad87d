// A tour of the .nas language. `lissnas check examples/tour.nas` reports no errors;
// `lissnas size examples/tour.nas` sizes every space.

// Reusable op sets: names usable as choices; the right side says what the op computes
ops NB201Ops {
  none
  skip_connect = identity
  nor_conv_1x1 = relu_conv_bn(kernel: 1)
  nor_conv_3x3 = relu_conv_bn(kernel: 3)
  avg_pool_3x3 = avg_pool(kernel: 3)
}

// Cell space: a fixed DAG; every edge i -> j (i < j) picks one op
space NB201 {
  cell {
    nodes 4                      // node 0 = input, node 3 = output
    edges all                    // or an explicit list: edges [0->1, 0->2, 1->2]
    ops NB201Ops
  }
  network {                      // macro skeleton for the cost model, builders and training
    stem 16
    stages [16, 32, 64]
    cells_per_stage 5
    reduction resnet
    classes 10
  }
}

// Graph space: the topology is searched too (NAS-Bench-101 style)
space NB101 {
  graph {
    max_nodes 7                  // including input and output
    max_edges 9
    ops [conv3x3_bn_relu, conv1x1_bn_relu, maxpool3x3]
  }
}

// DARTS-style cell: 2 input nodes, 4 intermediate nodes, each picks 2 distinct predecessors and an op per input
space DARTS {
  cell normal {
    inputs 2
    nodes 4
    pick 2
    ops [sep_conv_3x3, sep_conv_5x5, dil_conv_3x3, dil_conv_5x5, max_pool_3x3, avg_pool_3x3, skip_connect]
  }
  cell reduce = normal           // an independent copy with the same shape
}

// Layer chain with per-layer choices
space Mobile {
  layers 20 {
    kernel choice [3, 5, 7]
    expand choice [3, 6]
    se     choice [false, true]
  }
  width choice [0.75, 1.0, 1.25]
}

// Hyperparameters with the vocabulary NNI, Ray Tune and hyperopt share; conditionals
space Training {
  optimizer choice ["sgd", "adam"]
  lr        loguniform(1e-4, 1e-1)
  momentum  uniform(0.8, 0.99) when optimizer == "sgd"
  batch     choice [64, 128, 256]
  epochs    randint(10, 200, step: 10)
  dropout   quniform(0.0, 0.5, 0.1)
}

// Composition: a product of spaces
space Joint {
  arch  NB201
  train Training
}

space Small {
  arch NB201
  constraint flops <= 100M       // units K, M, G; flops and params come from the network skeleton
  constraint params <= 1.0M
}

evaluator c10 = table("../data/nb201/nb201.csv") {   // paths are relative to the .nas file
  key    arch as nb201           // nb201: |op~i|+... strings; digits: one op index per edge, edges by target then source node
  metric c10_val_naslib          // what searches see (maximized unless `minimize`)
  report c10_test                // what reports show
}
evaluator zc   = proxy(synflow) { batch 64 }
evaluator fm   = train(fashion_mnist) { epochs 1; batch 128 }
evaluator mine = command("python3 train.py --arch {arch}") { parallel 2; timeout 30m }

policy Lissnas = lissnas(NB201) {
  evaluate  c10
  sample    100
  seeds     top 10
  neighbors distance 1
  stop      plateau(patience: 1, delta: 0.05)
  max_iterations 10
  seed      42
}
policy ABS    = op_pruning(NB201)    { evaluate c10; sample 200; keep 2 per edge }
policy Random = random_shrink(NB201) { keep 5%; seed 42 }

search REA      = evolution(Lissnas) { evaluate c10; population 20; tournament 5; budget 100 }
search REA_full = evolution(NB201)   { evaluate c10; population 20; tournament 5; budget 100 }
search RS       = random(NB201)      { evaluate c10; budget 100 }
