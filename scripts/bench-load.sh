#!/usr/bin/env bash
# Throughput of the public pages under load, against nginx serving the same bytes:
# per URL the body's size, Membernet's and nginx's requests per second, their ratio,
# and Membernet's median and 99th percentile latency, as a Markdown table; and
# Membernet's resident memory when idle and after the load.
#
#   scripts/bench-load.sh          the demo network `serve --demo` makes (3,400 members)
#   scripts/bench-load.sh N        N demo members (`seed demo --members N` first; a
#                                  million takes a few minutes)
#
# wrk's settings: THREADS (default 2), CONNECTIONS (32), DURATION (10s). URLS (a
# space-separated list, e.g. URLS="/stats /members") measures only those. Each URL is
# first fetched once with curl (headers as wrk sends them: no Accept-Encoding) and its
# body saved for nginx (2 workers, no access log) at /p1, /p2, ...; then one 1 s run
# warms Membernet's page cache, and Membernet and nginx are measured in turn.
# Needs wrk and nginx (apt-get install -y wrk nginx-light) and curl. The load goes to
# 127.0.0.1 only, for a bounded time (about 21 s a URL with the defaults).
set -euo pipefail
cd "$(dirname "$0")/.."
members=${1:-}
threads=${THREADS:-2}
connections=${CONNECTIONS:-32}
duration=${DURATION:-10s}
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install -y wrk)"; exit 1; }
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] ||
  { echo "nginx is not installed (apt-get install -y nginx-light)"; exit 1; }
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
command -v curl >/dev/null || { echo "curl is not installed (apt-get install -y curl)"; exit 1; }
cargo build --release --quiet
bin=target/release/membernet

dir=$(mktemp -d)
pid=
nginx_pid=
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
  [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$dir"
}
trap cleanup EXIT

# A port on 127.0.0.1 that nothing listens on (and not $1).
free_port() {
  local port
  while :; do
    port=$(( 20000 + RANDOM % 20000 ))
    [ "$port" = "${1:-}" ] && continue
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
  done
}
# VmRSS and VmHWM of a process, in MiB.
memory() {
  awk '/^VmRSS/ {rss=$2} /^VmHWM/ {hwm=$2}
       END {printf "VmRSS %.1f MiB, VmHWM %.1f MiB\n", rss/1024, hwm/1024}' "/proc/$1/status"
}
# wrk's latency (e.g. 812.00us, 1.23ms, 1.02s) in milliseconds.
in_ms() {
  awk -v v="$1" 'BEGIN {
    n = v + 0
    if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /m$/) n *= 60000; else if (v ~ /s$/) n *= 1000
    printf "%.2f ms", n }'
}

# Membernet on a fresh SQLite file: the demo network at first start, or N seeded first.
export MEMBERNET_DATABASE_URL="sqlite://$dir/bench.db?mode=rwc" RUST_LOG=warn
port=$(free_port)
if [ -z "$members" ]; then
  network="the demo network (serve --demo)"
  $bin serve --demo --bind "127.0.0.1:$port" >"$dir/log" 2>&1 &
  pid=$!
else
  network="$members demo members (seed demo --members $members)"
  start=$(date +%s)
  $bin seed demo --members "$members"
  echo "seeded $members members in $(( $(date +%s) - start )) s"
  $bin serve --bind "127.0.0.1:$port" >"$dir/log" 2>&1 &
  pid=$!
fi
# `serve --demo` seeds before it listens: allow it up to 10 minutes.
for _ in $(seq 1 6000); do
  curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  kill -0 "$pid" 2>/dev/null || { echo "membernet exited:"; cat "$dir/log"; exit 1; }
  sleep 0.1
done
curl -fs "http://127.0.0.1:$port/healthz" >/dev/null || { echo "membernet did not start:"; cat "$dir/log"; exit 1; }
sleep 2
idle_memory=$(memory "$pid")

# Each URL's body, as Membernet answers it, into nginx's docroot at /p1, /p2, ...
urls=("/" "/countries" "/countries/ke" "/members?country=ke" "/members" "/organizations"
      "/stats" "/api/v1/stats" "/api/v1/countries/ke" "/countries/ke/planner")
[ -z "${URLS:-}" ] || read -r -a urls <<<"$URLS"
mkdir -p "$dir/nginx/www" "$dir/nginx/tmp"
chmod 711 "$dir"
chmod 755 "$dir/nginx" "$dir/nginx/www"
notes=()
locations=
for i in "${!urls[@]}"; do
  n=$(( i + 1 ))
  file="$dir/nginx/www/p$n"
  read -r status type < <(curl -s -H 'Accept:' -H 'User-Agent:' -o "$file" \
    -w '%{http_code} %{content_type}\n' "http://127.0.0.1:$port${urls[$i]}")
  chmod 644 "$file"
  [ "$status" = 200 ] || notes+=("${urls[$i]}: HTTP $status from Membernet")
  type=${type:-text/html; charset=utf-8}
  locations+="    location = /p$n { default_type \"$type\"; }"$'\n'
done

# nginx with its own configuration, everything in the temp dir.
nginx_port=$(free_port "$port")
temp_paths="client_body_temp_path $dir/nginx/tmp/body; proxy_temp_path $dir/nginx/tmp/proxy;"
nginx_build=$("$nginx_bin" -V 2>&1)
for module in fastcgi scgi uwsgi; do
  grep -q -- "--without-http_${module}_module" <<<"$nginx_build" ||
    temp_paths+=" ${module}_temp_path $dir/nginx/tmp/$module;"
done
cat >"$dir/nginx/nginx.conf" <<EOF
worker_processes 2;
pid $dir/nginx/nginx.pid;
error_log $dir/nginx/error.log;
events { worker_connections 1024; }
http {
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 100000000;
    $temp_paths
    server {
        listen 127.0.0.1:$nginx_port;
        root $dir/nginx/www;
$locations    }
}
EOF
"$nginx_bin" -q -t -p "$dir/nginx" -e "$dir/nginx/error.log" -c "$dir/nginx/nginx.conf"
"$nginx_bin" -p "$dir/nginx" -e "$dir/nginx/error.log" -c "$dir/nginx/nginx.conf" -g 'daemon off;' &
nginx_pid=$!
for _ in $(seq 1 50); do
  curl -fs -o /dev/null "http://127.0.0.1:$nginx_port/p1" && break
  sleep 0.1
done
for i in "${!urls[@]}"; do
  if ! curl -s -o "$dir/check" "http://127.0.0.1:$nginx_port/p$(( i + 1 ))" ||
     ! cmp -s "$dir/check" "$dir/nginx/www/p$(( i + 1 ))"; then
    echo "nginx does not serve ${urls[$i]}'s copy:"; cat "$dir/nginx/error.log"; exit 1
  fi
done

# One wrk run; sets req, p50, p99 and records errors in notes.
measure() { # name url
  local out
  out=$(wrk --latency -t"$threads" -c"$connections" -d"$duration" "$2")
  req=$(awk '$1=="Requests/sec:" {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  local errors
  errors=$(grep -E 'Non-2xx|Socket errors' <<<"$out" | tr -s ' ' | paste -sd ';' || true)
  [ -z "$errors" ] || notes+=("$1 ${url}: $errors")
}

echo
echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs, $(lscpu | sed -n 's/^Model name: *//p' | head -n 1)," \
  "$network; wrk -t$threads -c$connections -d$duration, nginx $("$nginx_bin" -v 2>&1 | sed 's|.*nginx/||')"
echo
echo "| URL | bytes | Membernet req/s | nginx req/s | ratio | p50 | p99 |"
echo "|---|---:|---:|---:|---:|---:|---:|"
for i in "${!urls[@]}"; do
  url=${urls[$i]}
  n=$(( i + 1 ))
  bytes=$(stat -c %s "$dir/nginx/www/p$n")
  wrk -t"$threads" -c"$connections" -d1s "http://127.0.0.1:$port$url" >/dev/null
  measure Membernet "http://127.0.0.1:$port$url"
  m_req=$req m_p50=$p50 m_p99=$p99
  measure nginx "http://127.0.0.1:$nginx_port/p$n"
  ratio=$(awk -v m="$m_req" -v x="$req" 'BEGIN {printf "%.1f%%", (x > 0 ? 100 * m / x : 0)}')
  printf '| `%s` | %s | %.0f | %.0f | %s | %s | %s |\n' "$url" "$bytes" "$m_req" "$req" "$ratio" \
    "$(in_ms "$m_p50")" "$(in_ms "$m_p99")"
done
echo
echo "Membernet memory, idle after start: $idle_memory"
echo "Membernet memory, after the load:   $(memory "$pid")"
for note in "${notes[@]}"; do echo "note: $note"; done
