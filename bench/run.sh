#!/usr/bin/env bash
# Builds the release binary and runs the benchmarks; writes BENCHMARKS.md.
#   bench/run.sh                     # all sizes: 10, 10,000, 100,000, 1,000,000 users
#   bench/run.sh --sizes 10,10000    # quicker
#   bench/run.sh --postgres          # PostgreSQL (direct and through PgBouncer) beside the file
#   bench/run.sh --pam               # pam_stepup.so beside pam_google_authenticator (root)
#   bench/run.sh --sealing           # login and import on a plain and a sealed workspace
#   bench/run.sh --syncs             # durable syncs per write command (strace)
#   bench/run.sh --email             # sending a code, beside Python's smtplib (aiosmtpd)
#   bench/run.sh --fair              # 32 processes mixing writes for 60 s: slowest wait
#   bench/run.sh --pg-trips          # PostgreSQL round trips and server time per command
#   bench/run.sh --scale             # audit --user and the session sweep at 1,000,000 users
#   bench/run.sh --all               # every section above in one run (root; about 15 minutes),
#                                    # then the table of every target (python3 bench/targets.py)
# Needs hyperfine and oathtool (Debian packages) and python3; --postgres also
# the PostgreSQL server binaries and PgBouncer (Debian postgresql, pgbouncer).
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in hyperfine oathtool python3 taskset; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing (apt-get install hyperfine oathtool)" >&2; exit 1; }
done
cargo build --release --locked
if [[ ${1:-} == --all ]]; then
  shift
  [[ $(id -u) == 0 ]] || { echo "bench: --all needs root (the PAM section: a mount namespace, OS users)" >&2; exit 1; }
  cargo build --release --locked -p pam-stepup
  cargo build --release --locked --example fill
  bin=target/release/stepup
  step() { echo "bench --all: $1 ($(date -u +%H:%M:%S))" >&2; shift; "$@"; }
  # bench.py writes the file anew; every other section replaces its own part.
  step "wall time, 10 to 1,000,000 users" python3 bench/bench.py --binary "$bin" "$@"
  step "PostgreSQL beside the file" python3 bench/postgres.py --binary "$bin"
  step "PAM" python3 bench/pam.py --binary "$bin" --module target/release/libpam_stepup.so
  step "sealed secrets" python3 bench/sealing.py --binary "$bin"
  step "durable syncs" python3 bench/syncs.py --binary "$bin"
  step "email" python3 bench/mail.py --binary "$bin"
  step "fair waiting" python3 bench/fair.py --binary "$bin"
  step "PostgreSQL round trips" python3 bench/pg_trips.py --binary "$bin"
  step "scale" python3 bench/scale.py --binary "$bin" --fill target/release/examples/fill
  exec python3 bench/targets.py
fi
if [[ ${1:-} == --pam ]]; then
  shift
  cargo build --release --locked -p pam-stepup
  exec python3 bench/pam.py --binary target/release/stepup --module target/release/libpam_stepup.so "$@"
fi
if [[ ${1:-} == --pg-trips ]]; then
  shift
  exec python3 bench/pg_trips.py --binary target/release/stepup "$@"
fi
if [[ ${1:-} == --scale ]]; then
  shift
  cargo build --release --locked --example fill
  exec python3 bench/scale.py --binary target/release/stepup --fill target/release/examples/fill "$@"
fi
if [[ ${1:-} == --fair ]]; then
  shift
  exec python3 bench/fair.py --binary target/release/stepup "$@"
fi
if [[ ${1:-} == --email ]]; then
  shift
  exec python3 bench/mail.py --binary target/release/stepup "$@"
fi
if [[ ${1:-} == --syncs ]]; then
  shift
  exec python3 bench/syncs.py --binary target/release/stepup "$@"
fi
if [[ ${1:-} == --sealing ]]; then
  shift
  exec python3 bench/sealing.py --binary target/release/stepup "$@"
fi
if [[ ${1:-} == --postgres ]]; then
  shift
  exec python3 bench/postgres.py --binary target/release/stepup "$@"
fi
exec python3 bench/bench.py --binary target/release/stepup "$@"
