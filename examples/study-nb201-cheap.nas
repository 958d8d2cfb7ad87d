// Cheap shrinking, expensive searching (docs/cheap-shrinking.md): the same NAS-Bench-201 space and table as
// examples/study-nb201.nas, LISSNAS shrinking once with the table (expensive: every query stands for a trained
// network), once with the parameter / FLOP count of the cost model and once with the synflow zero-cost proxy
// (cheap: query_cost 0.001), then regularized evolution and random search with the table, at equal total COST:
//   node bin/lissnas.cjs study examples/study-nb201-cheap.nas --policies Expensive,CheapParams,CheapFlops,CheapSynflow \
//     --searches REA,RS --seeds 30 --datasets c10,c100,in16 --budgets 100,200,500,1000 --backend cpu --out runs/cheap-shrinking
// (`--datasets` switches the table columns only; params, FLOPs and synflow do not depend on the dataset here: the
// first two count NB201's CIFAR-10 skeleton, synflow needs no data: docs/cheap-shrinking.md.)

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

// One query of the table costs 1 (the default, written out): the budget unit.
evaluator c10 = table("../data/nb201/nb201.csv") {
  key    arch as nb201
  metric c10_val_naslib
  report c10_test
  query_cost 1
}

// Counted in-process by the cost model (no torch); 0.001 is also their default, written out.
evaluator params = proxy(params) { query_cost 0.001 }
evaluator flops  = proxy(flops)  { query_cost 0.001 }

// synflow at initialization in the torch worker (no data, seed 0). Its networks are built from the space it
// shrinks: NB201's cell in NB201's skeleton with ONE cell per stage instead of five (the skeleton where its
// ranking of NB201 is measured, docs/proxies.md; about 0.06 s a network on a 2-core CPU, 0.10 s with five).
// A space of its own, so that NB201 keeps no `network` block and params/FLOPs keep counting the five-cell
// network. The study searches its shrunk space with the table like the others' (same cells, same `nb201` keys).
// query_cost 0.001 like params/flops: the worker default is 1 (docs/cheap-shrinking.md).
space NB201OneCell {
  arch NB201
  network { cells_per_stage 1 }
}
evaluator synflow = proxy(synflow) { seed 0; query_cost 0.001 }

// LISSNAS with the engine's defaults (docs/lissnas.md), as in examples/study-nb201.nas.
policy Expensive = lissnas(NB201) {
  evaluate  c10
  sample    100
  seeds     top 10
  neighbors distance 1
  stop      plateau(patience: 1, delta: 0.05)
  max_iterations 10
}
policy CheapParams = lissnas(NB201) {
  evaluate  params
  sample    100
  seeds     top 10
  neighbors distance 1
  stop      plateau(patience: 1, delta: 0.05)
  max_iterations 10
}
policy CheapFlops = lissnas(NB201) {
  evaluate  flops
  sample    100
  seeds     top 10
  neighbors distance 1
  stop      plateau(patience: 1, delta: 0.05)
  max_iterations 10
}
policy CheapSynflow = lissnas(NB201OneCell) {
  evaluate  synflow
  sample    100
  seeds     top 10
  neighbors distance 1
  stop      plateau(patience: 1, delta: 0.05)
  max_iterations 10
}

// The searches always use the table: inside the Cheap* policies they start from nothing (another evaluator),
// inside Expensive they get the shrinkage's table evaluations for free.
search REA = evolution(NB201) { evaluate c10; population 20; tournament 5; budget 500 }
search RS  = random(NB201)    { evaluate c10; budget 500 }
