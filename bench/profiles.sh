#!/usr/bin/env bash
# Measures the release-profile choices: builds stepup with each variant (in
# separate target folders, via CARGO_PROFILE_RELEASE_* overrides of the
# profile in Cargo.toml) and times start-up with hyperfine. Writes
# bench/release-profile.md, which bench/bench.py includes in BENCHMARKS.md.
# Takes about 8 minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
out=bench/release-profile.md
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# A workspace to run `policy show` against.
variants=(
  "no LTO, 16 codegen units, symbols kept|CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 CARGO_PROFILE_RELEASE_STRIP=none"
  "thin LTO, stripped|CARGO_PROFILE_RELEASE_LTO=thin CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 CARGO_PROFILE_RELEASE_STRIP=symbols"
  "fat LTO, 1 codegen unit, symbols kept|CARGO_PROFILE_RELEASE_STRIP=none"
  "fat LTO, 1 codegen unit, stripped (chosen)|"
  "the same with panic = abort|CARGO_PROFILE_RELEASE_PANIC=abort"
)
{
  echo "## Release profile"
  echo
  echo "Measured by \`bench/profiles.sh\` on $(date -u '+%Y-%m-%d'): each variant built from scratch,"
  echo "start-up timed with hyperfine -N (300 runs) on a workspace with one user."
  echo
  echo "| variant | build | binary | \`--version\` | \`policy show\` |"
  echo "|---|---|---|---|---|"
} > "$out.tmp"
i=0
for v in "${variants[@]}"; do
  name=${v%%|*}; vars=${v#*|}
  i=$((i + 1))
  start=$(date +%s)
  env $vars cargo build --release --locked --quiet --target-dir "$work/t$i"
  secs=$(( $(date +%s) - start ))
  bin="$work/t$i/release/stepup"
  export STEPUP_DB="$work/ws$i.redb" XDG_STATE_HOME="$work/state$i" STEPUP_CONFIG=/dev/null
  printf '%s\n' 'profile admin passphrase' | "$bin" init --admin root --password-stdin >/dev/null
  printf '%s\n' 'profile admin passphrase' | "$bin" login root --password-stdin >/dev/null
  hyperfine -N --warmup 20 --runs 300 --style none --export-json "$work/h$i.json" "$bin --version" "$bin policy show" >/dev/null
  read -r ver show < <(python3 -c "
import json, statistics
r = json.load(open('$work/h$i.json'))['results']
print(' '.join('%.3f' % (statistics.median(x['times']) * 1000) for x in r))")
  echo "| $name | ${secs} s | $(( $(stat -c %s "$bin") / 1000 )) kB | ${ver} ms | ${show} ms |" >> "$out.tmp"
done
mv "$out.tmp" "$out"
cat "$out"
