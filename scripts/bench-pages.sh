#!/usr/bin/env bash
# Seeds a demo network of N members (default 1,000,000) into a fresh SQLite file,
# serves it, and measures the public pages with wrk: median and 99th percentile.
#   scripts/bench-pages.sh [N]        (needs wrk: apt-get install -y wrk)
# The load goes to 127.0.0.1 only, for a bounded time.
set -euo pipefail
cd "$(dirname "$0")/.."
members=${1:-1000000}
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install -y wrk)"; exit 1; }
cargo build --release --quiet
dir=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$dir"' EXIT
export MEMBERNET_DATABASE_URL="sqlite://$dir/bench.db?mode=rwc" RUST_LOG=warn
target/release/membernet seed demo --members "$members"
port=$(( 20000 + RANDOM % 20000 ))
target/release/membernet serve --bind "127.0.0.1:$port" >"$dir/log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
printf '%-45s %10s %10s\n' "page" "median" "p99"
for path in "/countries/ke" "/members?country=ke" "/members" "/members?q=ami" \
            "/members?region=africa&sector=health" "/countries" "/organizations" "/"; do
  out=$(wrk --latency -t1 -c2 -d6s "http://127.0.0.1:$port$path")
  median=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  printf '%-45s %10s %10s\n' "$path" "$median" "$p99"
done
