#!/usr/bin/env bash
# Regenerates every table of docs/results.md with the current engine (`npm run results`): the defaults study,
# the CIFAR-10 tuning grid, the study of the configurations it chose on all three datasets, then the tables.
# Every command is one the doc lists; run it whenever the engine changes. Takes ~30 min of CPU on 2 cores.
# OUT (default runs/results) must not exist yet: studies never write into an existing directory.
# Step 5 shrinks with synflow in the torch worker (Debian's python3-torch), kept on the CPU (`--backend cpu`) so the
# values do not depend on a GPU being present; without torch that study stops before it starts, naming the package.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT="${OUT:-runs/results}"
LISSNAS=(node --import tsx cli/main.ts)
timed() { local name="$1"; shift; /usr/bin/time -f "$name: %e s wall, %U s CPU" -a -o "$OUT/times.txt" "$@" </dev/null >"$OUT/$name.log" 2>&1; }

mkdir -p "$OUT"
BUDGETS=100,200,500,1000,2000
GRID_A=L_s10_k3_t1,L_s10_k3_t2,L_s10_k10_t1,L_s10_k10_t2,L_s20_k3_t1,L_s20_k3_t2,L_s20_k10_t1,L_s20_k10_t2,ABS_s50,ABS_s100
GRID_B=L_s50_k3_t1,L_s50_k3_t2,L_s50_k10_t1,L_s50_k10_t2,L_s100_k3_t1,L_s100_k3_t2,L_s100_k10_t1,L_s100_k10_t2,L_default,ABS_s200

# 1-2. defaults, and 3. the tuning grid in two halves, two studies at a time (one per core).
timed defaults "${LISSNAS[@]}" study examples/study-nb201.nas --policies Lissnas,ABS,Random --searches REA,RS \
  --seeds 30 --datasets c10,c100,in16 --budgets $BUDGETS --out "$OUT/defaults" &
timed tuning-A "${LISSNAS[@]}" study examples/study-nb201-tuning.nas --searches REA --seeds 30 --datasets c10 \
  --budgets $BUDGETS --out "$OUT/tuning-A" --policies $GRID_A &
wait
timed tuning-B "${LISSNAS[@]}" study examples/study-nb201-tuning.nas --searches REA --seeds 30 --datasets c10 \
  --budgets $BUDGETS --out "$OUT/tuning-B" --policies $GRID_B

# 4. the configurations chosen on CIFAR-10, on the three datasets: one study per group of budgets sharing them.
node --import tsx bench/results.ts --tuning "$OUT/tuning-A,$OUT/tuning-B" --emit-tuned examples/study-nb201-tuned.nas \
  | grep '^node ' | sed "s#runs/results-tuned-#$OUT/tuned-#" >"$OUT/tuned-commands.txt"
tuned=()
while read -r line; do
  dir="${line##*--out }"
  tuned+=("$dir")
  read -r -a argv <<<"$line"
  timed "$(basename "$dir")" "${argv[@]}" &
  # two at a time
  if (( ${#tuned[@]} % 2 == 0 )); then wait; fi
done <"$OUT/tuned-commands.txt"
wait

# 5-8. issue 12: cheap shrinking at equal total cost (synflow needs the torch worker), transfer from CIFAR-10, seeds
# apart (on NB201 and under a parameter budget, where the landscape has several good regions), relative settings.
timed cheap "${LISSNAS[@]}" study examples/study-nb201-cheap.nas --policies Expensive,CheapParams,CheapFlops,CheapSynflow \
  --searches REA,RS --seeds 30 --datasets c10,c100,in16 --budgets 100,200,500,1000 --backend cpu --out "$OUT/cheap" &
timed transfer "${LISSNAS[@]}" study examples/study-nb201-tuned.nas --policies L_default,L_s100_k3_t2,L_s20_k3_t2,ABS_s200,R_L_default \
  --searches REA,RS --seeds 30 --transfer-from c10 --datasets c100,in16 --budgets 100,200,500 --out "$OUT/transfer" &
wait
timed apart "${LISSNAS[@]}" study examples/study-nb201-apart.nas --policies Lissnas,Apart2,Apart3,Random \
  --searches REA --seeds 30 --datasets c10,c100,in16 --budgets 500,1000 --out "$OUT/apart" &
timed budget "${LISSNAS[@]}" study examples/study-nb201-budget.nas --policies Lissnas,Apart2,Apart3,Random \
  --searches REA --seeds 30 --datasets c10,c100,in16 --budgets 200,500,1000 --out "$OUT/budget" &
timed relative "${LISSNAS[@]}" study examples/study-relative-defaults.nas --seeds 30 --datasets c10,c100,in16 \
  --policies Fixed,Share,Noise,Nearest,Relative,Fixed4,Share4,Noise4,Nearest4,Relative4,Fixed3,Share3,Noise3,Nearest3,Relative3 \
  --out "$OUT/relative" &
wait

# The tables of the page.
node --import tsx bench/results.ts --defaults "$OUT/defaults" --tuning "$OUT/tuning-A,$OUT/tuning-B" \
  --tuned "$(IFS=,; echo "${tuned[*]}")" --cheap "$OUT/cheap" --transfer "$OUT/transfer" --apart "$OUT/apart" \
  --budget "$OUT/budget" --relative "$OUT/relative" --write docs/results.md
cat "$OUT/times.txt"
