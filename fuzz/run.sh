#!/usr/bin/env bash
# Runs every fuzz target for a bounded time, starting from the regression
# corpus kept in tests/fuzz-regressions/ (which `cargo test` replays).
#
#   fuzz/run.sh [SECONDS_PER_TARGET] [--save]
#
# --save copies the minimized corpus back into tests/fuzz-regressions/ so the
# interesting inputs found become regression tests. Needs cargo-fuzz
# (`cargo install cargo-fuzz`); the stable toolchain is used with
# RUSTC_BOOTSTRAP=1 for libFuzzer's sanitizer flags. A crash stops the script
# with its input in fuzz/artifacts/TARGET/.
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-60}
save=${2:-}
export RUSTC_BOOTSTRAP=1
targets=(code_input config record cli_args base32_secret)
cargo fuzz build -O
for t in "${targets[@]}"; do
  seeds=../tests/fuzz-regressions/$t
  mkdir -p "corpus/$t" "$seeds"
  cp -n "$seeds"/* "corpus/$t/" 2>/dev/null || true
  echo "== $t: ${seconds}s"
  log=$(mktemp)
  if ! cargo fuzz run -O "$t" "corpus/$t" -- -max_total_time="$seconds" -max_len=4096 -print_final_stats=1 >"$log" 2>&1; then
    tail -n 40 "$log"
    echo "!! $t crashed: the input is in fuzz/artifacts/$t/" >&2
    exit 1
  fi
  grep -E "^(Done|stat::(number_of_executed_units|average_exec_per_sec|new_units_added))" "$log" || true
  rm -f "$log"
  if [[ "$save" == --save ]]; then
    cargo fuzz cmin -O "$t" "corpus/$t" >/dev/null 2>&1 || true
    # Keep the regression corpus small: the 40 smallest minimized inputs.
    mapfile -t smallest < <(ls -S -r "corpus/$t")
    for f in "${smallest[@]:0:40}"; do cp "corpus/$t/$f" "$seeds/$f"; done
  fi
done
