#!/usr/bin/env bash
# Release build time, binary size and idle memory of the `membernet` server.
#   scripts/footprint.sh            (from the repository root)
set -euo pipefail
cd "$(dirname "$0")/.."

start=$(date +%s)
cargo build --release --quiet
echo "release build: $(( $(date +%s) - start )) s (incremental if target/ was warm; run 'cargo clean' first for a cold build)"
binary=target/release/membernet
echo "binary size: $(( $(stat -c %s "$binary") / 1024 / 1024 )) MiB ($(stat -c %s "$binary") bytes)"

dir=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$dir"' EXIT
port=$(( 20000 + RANDOM % 20000 ))
MEMBERNET_DATABASE_URL="sqlite://$dir/footprint.db?mode=rwc" RUST_LOG=warn \
  "$binary" serve --bind "127.0.0.1:$port" >"$dir/log" 2>&1 &
pid=$!
for _ in $(seq 1 50); do
  curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  sleep 0.1
done
sleep 2
echo "idle memory after start: $(awk '/VmRSS/ {print $2, $3}' "/proc/$pid/status") RSS"
for _ in $(seq 1 200); do curl -fs "http://127.0.0.1:$port/join" >/dev/null; done
echo "memory after 200 page views: $(awk '/VmRSS/ {print $2, $3}' "/proc/$pid/status") RSS"
