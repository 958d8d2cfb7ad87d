// Shrink once, search many (docs/language.md "Saved spaces"): the space LISSNAS shrank on CIFAR-10 validation,
// saved by `lissnas shrink examples/study-nb201.nas --policy Lissnas` (its result.json's `space`, copied to
// examples/saved/), searched on CIFAR-100 without shrinking again:
//   node bin/lissnas.cjs search examples/saved-space.nas --search InFound
// A run's own result.json works the same: name its path (relative to this file) instead.

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

// The 203 members (10 pockets) the run kept, decoded and checked against NB201.
space Found = shrunk(NB201, "saved/nb201-c10-lissnas.json")

evaluator c100 = table("../data/nb201/nb201.csv") {
  key    arch as nb201
  metric c100_val_naslib
  report c100_test
}

search InFound = evolution(Found) { evaluate c100; population 20; tournament 5; budget 100 }
search InFull  = evolution(NB201) { evaluate c100; population 20; tournament 5; budget 100 }
