#!/usr/bin/env bash
# The service's figures in the README, as the issue asks for them: wall clock of whole commands,
# each next to its anchor in the same round, rounds interleaved (these machines are noisy).
#   usage: scripts/bench-service.sh [ROUNDS]   (needs gcc and primesieve; starts and stops a service)
# Per round: primesieve 1e10 -t2 | shmc primes --to 1e10 on the service | the same with --service off;
# mc-simd.c (8 lanes) and mc-avx2.c 1e10 with 2 processes | shmc pi --samples 1e10 on the service; is-prime
# 1000000000000037 --method trial and pi --samples 1e6, on the service (as users type them: a thin client) and
# off it (--service off: workers of its own); shmc --version.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ANCHORS=${SHMC_ANCHORS:-$ROOT/../shared/anchors}
rounds=${1:-5}
tmp=$(mktemp -d); trap '"$ROOT/shmc" service stop --cancel >/dev/null 2>&1 || true; rm -rf "$tmp"' EXIT
gcc -O3 -march=native -DLANES=8 -o "$tmp/mc-simd8" "$ANCHORS/mc-simd.c"
gcc -O3 -march=native -o "$tmp/mc-avx2" "$ANCHORS/mc-avx2.c"
"$ROOT/shmc" --version >/dev/null   # builds if needed
"$ROOT/shmc" service stop >/dev/null 2>&1 || true
"$ROOT/shmc" service start
wall() { local name=$1; shift; /usr/bin/time -f %e -o "$tmp/t" "$@" >/dev/null 2>&1 || echo "$name failed" >&2; echo "$name $(tail -1 "$tmp/t")" >>"$tmp/times"; }
for r in $(seq "$rounds"); do
  wall primesieve-t2 primesieve 1e10 -q -t2
  wall primes-service "$ROOT/shmc" primes --to 1e10
  wall primes-service-full "$ROOT/shmc" primes --to 1e10 --service require
  wall primes-own "$ROOT/shmc" primes --to 1e10 --service off
  wall mc-simd8-2p "$tmp/mc-simd8" 1e10 2 1
  wall mc-avx2-2p "$tmp/mc-avx2" 1e10 2 1
  wall pi1e10-service "$ROOT/shmc" pi --samples 1e10 --seed 1
  wall trial-service "$ROOT/shmc" is-prime 1000000000000037 --method trial
  wall trial-own "$ROOT/shmc" is-prime 1000000000000037 --method trial --service off
  wall pi1e6-service "$ROOT/shmc" pi --samples 1e6 --seed 1
  wall pi1e6-full "$ROOT/shmc" pi --samples 1e6 --seed 1 --service require
  wall pi1e6-own "$ROOT/shmc" pi --samples 1e6 --seed 1 --service off
  wall version "$ROOT/shmc" --version
  echo "round $r of $rounds done" >&2
done
echo "# $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $rounds rounds"
awk '{ t[$1] = t[$1] " " $2 } END { for (k in t) print k t[k] }' "$tmp/times" | while read -r name values; do
  echo "$name $(echo "$values" | tr ' ' '\n' | sort -n | awk '{ a[NR] = $1 } END { printf "median %.2f s  min %.2f  max %.2f", a[int((NR + 1) / 2)], a[1], a[NR] }')"
done | sort
