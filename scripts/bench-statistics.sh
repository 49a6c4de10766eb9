#!/usr/bin/env bash
# Seeds a demo network of N members (default 1,000,000; twelve-plus years of
# history) into a fresh database, signs in as staff, and measures the staff
# statistics dashboard and the growth API with wrk: median and 99th percentile.
#
#   scripts/bench-statistics.sh [N]               SQLite (a temporary file)
#   scripts/bench-statistics.sh [N] postgres      PostgreSQL: a fresh database
#                                                 `membernet_bench` on the server at
#                                                 MEMBERNET_BENCH_POSTGRES (default
#                                                 postgres://postgres@127.0.0.1:5432)
#
# Needs wrk (apt-get install -y wrk) and curl. The load goes to 127.0.0.1 only, for a
# bounded time. The seed also runs `membernet stats rebuild --check` and prints how
# long the replay of the whole log takes and whether the rollup agrees with it.
set -euo pipefail
cd "$(dirname "$0")/.."
members=${1:-1000000}
backend=${2:-sqlite}
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install -y wrk)"; exit 1; }
cargo build --release --quiet
dir=$(mktemp -d)
pid=
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
  rm -rf "$dir"
}
trap cleanup EXIT
case "$backend" in
  sqlite) export MEMBERNET_DATABASE_URL="sqlite://$dir/bench.db?mode=rwc" ;;
  postgres)
    server=${MEMBERNET_BENCH_POSTGRES:-postgres://postgres@127.0.0.1:5432}
    psql "$server/postgres" -qc "DROP DATABASE IF EXISTS membernet_bench WITH (FORCE)"
    psql "$server/postgres" -qc "CREATE DATABASE membernet_bench"
    export MEMBERNET_DATABASE_URL="$server/membernet_bench"
    ;;
  *) echo "backend must be sqlite or postgres"; exit 1 ;;
esac
export RUST_LOG=warn
bin=target/release/membernet
start=$(date +%s%N)
$bin seed demo --members "$members"
echo "seeded $members members in $(( ($(date +%s%N) - start) / 1000000 )) ms"
$bin stats rebuild --check | sed 's/^/  rebuild --check: /'

# A staff session: an admin's one-time link, a password, the session cookie.
link=$($bin admin create --email bench@example.org --name "Bench Staff" | tail -n 1)
port=$(( 20000 + RANDOM % 20000 ))
link=${link/127.0.0.1:3000/127.0.0.1:$port}
$bin serve --bind "127.0.0.1:$port" >"$dir/log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
jar="$dir/cookies"
form=$(curl -fs -c "$jar" -b "$jar" "$link")
csrf=$(sed -n 's/.*name="csrf_token" value="\([^"]*\)".*/\1/p' <<<"$form" | head -n 1)
token=${link##*token=}
curl -fs -o /dev/null -c "$jar" -b "$jar" \
  --data-urlencode "csrf_token=$csrf" --data-urlencode "token=$token" \
  --data-urlencode "password=bench staff kettle honest" \
  "http://127.0.0.1:$port/password/reset"
cookie=$(sed 's/^#HttpOnly_//' "$jar" | awk '$0 !~ /^#/ && NF >= 7 {printf "%s=%s; ", $6, $7}')
status=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $cookie" "http://127.0.0.1:$port/staff/statistics")
[ "$status" = 200 ] || { echo "could not sign in as staff (HTTP $status)"; exit 1; }

printf '%-70s %10s %10s\n' "$backend, $members members" "median" "p99"
for path in \
  "/staff/statistics" \
  "/staff/statistics?region=eastern-africa" \
  "/staff/statistics?country=KE" \
  "/staff/statistics?country=KE&interval=week" \
  "/staff/statistics?from=2013-01&sort=growth" \
  "/staff/statistics?region=africa&sector=health" \
  "/staff/statistics?country=KE&category=social_worker&interval=quarter" \
  "/staff/statistics?format=csv&table=countries" \
  "/api/v1/stats/growth" \
  "/api/v1/stats/growth?country=KE" \
  "/api/v1/stats/growth?region=eastern-africa&interval=quarter" \
  "/api/v1/stats/growth?country=KE&interval=week&from=2025-01" \
  "/api/v1/stats/growth?region=africa&sector=health&interval=year" \
  "/stats" \
  "/countries"; do
  out=$(wrk --latency -t1 -c2 -d6s -H "Cookie: $cookie" "http://127.0.0.1:$port$path")
  median=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  printf '%-70s %10s %10s\n' "$path" "$median" "$p99"
done
