// The tuning grid behind docs/results.md (section 3): cheap LISSNAS configurations for small total budgets, and
// op pruning with fewer samples, judged by regularized evolution inside each shrunk space at equal total budgets,
// on CIFAR-10 ONLY. Policy names: L_s<sample>_k<top k>_t<max iterations>; ABS_s<sample>.
// The exact commands are in docs/results.md ("How to regenerate").

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


policy L_s10_k3_t1 = lissnas(NB201) { evaluate c10; sample 10; seeds top 3; neighbors distance 1; stop plateau(patience: 1, delta: 0.05); max_iterations 1 }
policy L_s10_k3_t2 = lissnas(NB201) { evaluate c10; sample 10; seeds top 3; neighbors distance 1; stop plateau(patience: 1, delta: 0.05); max_iterations 2 }
policy L_s10_k10_t1 = lissnas(NB201) { evaluate c10; sample 10; seeds top 10; neighbors distance 1; stop plateau(patience: 1, delta: 0.05); max_iterations 1 }
policy L_s10_k10_t2 = lissnas(NB201) { evaluate c10; sample 10; seeds top 10; neighbors distance 1; stop plateau(patience: 1, delta: 0.05); max_iterations 2 }
policy L_s20_k3_t1 = lissnas(NB201) { evaluate c10; sample 20; seeds top 3; neighbors distance 1; stop plateau(patience: 1, delta: 0.05); max_iterations 1 }
policy L_s20_k3_t2 = lissnas(NB201) { evaluate c10; sample 20; seeds top 3; neighbors distance 1; stop plateau(patience: 1, delta: 0.05); max_iterations 2 }
policy L_s20_k10_t1 = lissnas(NB201) { evaluate c10; sample 20; seeds top 10; neighbors distance 1; stop plateau(patience: 1, delta: 0.05); max_iterations 1 }
policy L_s20_k10_t2 = lissnas(NB201) { evaluate c10; sample 20; seeds top 10; neighbors distance 1; stop plateau(patience: 1, delta: 0.05); max_iterations 2 }
policy L_s50_k3_t1 = lissnas(NB201) { evaluate c10; sample 50; seeds top 3; neighbors distance 1; stop plateau(patience: 1, delta: 0.05); max_iterations 1 }
policy L_s50_k3_t2 = lissnas(NB201) { evaluate c10; sample 50; seeds top 3; neighbors distance 1; stop plateau(patience: 1, delta: 0.05); max_iterations 2 }
policy L_s50_k10_t1 = lissnas(NB201) { evaluate c10; sample 50; seeds top 10; neighbors distance 1; stop plateau(patience: 1, delta: 0.05); max_iterations 1 }
policy L_s50_k10_t2 = lissnas(NB201) { evaluate c10; sample 50; seeds top 10; neighbors distance 1; stop plateau(patience: 1, delta: 0.05); max_iterations 2 }
policy L_s100_k3_t1 = lissnas(NB201) { evaluate c10; sample 100; seeds top 3; neighbors distance 1; stop plateau(patience: 1, delta: 0.05); max_iterations 1 }
policy L_s100_k3_t2 = lissnas(NB201) { evaluate c10; sample 100; seeds top 3; neighbors distance 1; stop plateau(patience: 1, delta: 0.05); max_iterations 2 }
policy L_s100_k10_t1 = lissnas(NB201) { evaluate c10; sample 100; seeds top 10; neighbors distance 1; stop plateau(patience: 1, delta: 0.05); max_iterations 1 }
policy L_s100_k10_t2 = lissnas(NB201) { evaluate c10; sample 100; seeds top 10; neighbors distance 1; stop plateau(patience: 1, delta: 0.05); max_iterations 2 }
policy L_default = lissnas(NB201) { evaluate c10; sample 100; seeds top 10; neighbors distance 1; stop plateau(patience: 1, delta: 0.05); max_iterations 10 }
policy ABS_s50 = op_pruning(NB201) { evaluate c10; sample 50; keep 2 per edge }
policy ABS_s100 = op_pruning(NB201) { evaluate c10; sample 100; keep 2 per edge }
policy ABS_s200 = op_pruning(NB201) { evaluate c10; sample 200; keep 2 per edge }

search REA = evolution(NB201) { evaluate c10; population 20; tournament 5; budget 500 }
