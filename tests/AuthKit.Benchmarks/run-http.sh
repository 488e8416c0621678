#!/usr/bin/env bash
# HTTP load harness: a Release build of the bench app (one process per mode, full WebApplication.CreateBuilder host,
# the README's route policies) on loopback, driven by wrk.
#   tests/AuthKit.Benchmarks/run-http.sh [rounds] [seconds-per-run]
# Alternates the endpoints in several rounds: no auth (the ceiling), a public route through UseAuthKit() without a
# cookie, the protected API (.RequireSession() behind a route policy) signed in with AuthKit stateless and database
# (SQLite) sessions and with ASP.NET Core cookie authentication, and the same API anonymous (401). Then measures
# signed-in p99 latency with and without a flood of wrong-password logins. Prints a Markdown report on stdout.
set -euo pipefail
cd "$(dirname "$0")"
rounds="${1:-10}"
seconds="${2:-5}"
connections="${CONNECTIONS:-32}"
out="$(mktemp -d)"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }

dotnet build -c Release -nologo -v q >/dev/null
app="bin/Release/net10.0/AuthKit.Benchmarks.dll"
declare -A ports=([none]=5201 [stateless]=5202 [database]=5203 [cookie]=5204 [database-redis]=5205 [database-postgres]=5206)
pids=()
pgdata=""
cleanup() {
  kill "${pids[@]}" 2>/dev/null || true
  rm -f /tmp/authkit-bench-*.db*
  [ -z "$pgdata" ] || runuser -u postgres -- "$pgbin/pg_ctl" -D "$pgdata/data" -m fast stop >/dev/null 2>&1 || true
  redis-cli -p 6391 shutdown nosave >/dev/null 2>&1 || true
}
trap cleanup EXIT

# The database-session stores beside SQLite: a private redis-server and a private PostgreSQL cluster (as ./build.sh
# test installs them), both on loopback.
command -v redis-server >/dev/null || { echo "redis-server is missing: apt-get install -y redis-server" >&2; exit 1; }
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort | tail -n 1)
[ -x "$pgbin/initdb" ] || { echo "PostgreSQL is missing: apt-get install -y postgresql" >&2; exit 1; }
redis-server --port 6391 --bind 127.0.0.1 --daemonize yes --save "" --appendonly no --dir "$out" >/dev/null
pgdata=$(mktemp -d)
chown postgres:postgres "$pgdata"
runuser -u postgres -- "$pgbin/initdb" -D "$pgdata/data" -A trust -U postgres --no-sync >/dev/null
runuser -u postgres -- "$pgbin/pg_ctl" -D "$pgdata/data" -w -l "$pgdata/log" -o "-p 5433 -k $pgdata -c listen_addresses=127.0.0.1" start >/dev/null
export AUTHKIT_BENCH_REDIS="127.0.0.1:6391"
export AUTHKIT_BENCH_POSTGRES="Host=127.0.0.1;Port=5433;Username=postgres;Database=postgres;Max Auto Prepare=20;Auto Prepare Min Usages=2;No Reset On Close=true"
for mode in "${!ports[@]}"; do
  # Another process on a port would be measured instead of the bench app: refuse to start.
  if curl -s -o /dev/null "http://127.0.0.1:${ports[$mode]}/"; then
    echo "port ${ports[$mode]} is already in use; stop what listens there first" >&2
    exit 1
  fi
done
for mode in "${!ports[@]}"; do
  # exec: the recorded pid is the app itself (with an EXIT trap set, bash would otherwise keep a subshell
  # in between, and killing that subshell would leave the app running).
  (DOTNET_gcServer=1 exec dotnet "$app" serve "$mode" --urls "http://127.0.0.1:${ports[$mode]}") >"$out/$mode.log" 2>&1 &
  pids+=("$!")
done
for mode in "${!ports[@]}"; do
  for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:${ports[$mode]}/" && break; sleep 0.2; done
done
for pid in "${pids[@]}"; do
  kill -0 "$pid" 2>/dev/null || { echo "a bench app exited at start-up; see $out/*.log" >&2; exit 1; }
done

# One signed-in cookie per authenticated mode.
declare -A cookies
for mode in stateless database database-redis database-postgres cookie; do
  cookies[$mode]=$(curl -s -i -X POST -H "Origin: http://127.0.0.1:${ports[$mode]}" "http://127.0.0.1:${ports[$mode]}/signin" | tr -d '\r' | sed -n 's/^[Ss]et-[Cc]ookie: \([^;]*\).*/\1/p' | head -n 1)
  code=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: ${cookies[$mode]}" "http://127.0.0.1:${ports[$mode]}/api/profile")
  [ "$code" = 200 ] || { echo "$mode: signed-in request answered $code" >&2; exit 1; }
  code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:${ports[$mode]}/api/profile")
  [ "$code" != 200 ] || { echo "$mode: anonymous request answered $code" >&2; exit 1; }
  code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:${ports[$mode]}/")
  [ "$code" = 200 ] || { echo "$mode: public route answered $code" >&2; exit 1; }
done
code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:${ports[stateless]}/api/profile")
[ "$code" = 401 ] || { echo "stateless: the anonymous API request answered $code, not 401" >&2; exit 1; }

run() { # mode label path extra-args...
  local mode=$1 label=$2 path=$3; shift 3
  wrk -t1 -c"$connections" -d"${seconds}s" --latency "$@" "http://127.0.0.1:${ports[$mode]}$path" >"$out/run.txt"
  # A signed-in run that got redirects or errors would measure the wrong thing: stop instead.
  if [ "$label" != anonymous-401 ] && grep -q "Non-2xx" "$out/run.txt"; then
    echo "$label: wrk saw non-2xx responses:" >&2; cat "$out/run.txt" >&2; exit 1
  fi
  local rps p99
  rps=$(awk '/^Requests\/sec/ {print $2}' "$out/run.txt")
  p99=$(awk '$1 == "99%" {print $2}' "$out/run.txt")
  echo "$label $rps $p99" >>"$out/results.txt"
}

for round in $(seq 1 "$rounds"); do
  run none none /api/profile
  run stateless public /
  run stateless stateless /api/profile -H "Cookie: ${cookies[stateless]}"
  run stateless anonymous-401 /api/profile
  run database database /api/profile -H "Cookie: ${cookies[database]}"
  run database-redis database-redis /api/profile -H "Cookie: ${cookies[database-redis]}"
  run database-postgres database-postgres /api/profile -H "Cookie: ${cookies[database-postgres]}"
  run cookie cookie /api/profile -H "Cookie: ${cookies[cookie]}"
done

# Login flood isolation: p99 of signed-in stateless requests, alone and during a flood of wrong-password logins
# (default hashing parameters: 600,000 PBKDF2 iterations, so the hashing queue fills and sheds load).
cat >"$out/flood.lua" <<LUA
wrk.method = "POST"
wrk.body = '{"email":"bench@example.com","password":"wrong password, again and again"}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Origin"] = "http://127.0.0.1:${ports[stateless]}"
LUA
for round in $(seq 1 3); do
  run stateless idle-p99 /api/profile -c8 -H "Cookie: ${cookies[stateless]}"
  wrk -t1 -c64 -d"$((seconds + 2))s" -s "$out/flood.lua" "http://127.0.0.1:${ports[stateless]}/api/auth/login" >"$out/flood.txt" &
  flood=$!
  sleep 1
  run stateless flood-p99 /api/profile -c8 -H "Cookie: ${cookies[stateless]}"
  wait "$flood"
done
flood_summary=$(awk '/requests in/ {print $1, "login attempts in", $4}' "$out/flood.txt")
codes=$(grep -E "Non-2xx" "$out/flood.txt" || true)

python3 - "$out/results.txt" "$rounds" "$seconds" "$connections" "$flood_summary" "$codes" <<'PY'
import sys, statistics
path, rounds, seconds, connections, flood, codes = sys.argv[1:7]
def ms(v):
    return float(v[:-2]) if v.endswith("ms") else float(v[:-2]) / 1000 if v.endswith("us") else float(v[:-1]) * 1000
data = {}
for line in open(path):
    label, rps, p99 = line.split()
    data.setdefault(label, []).append((float(rps), ms(p99)))
med = {k: statistics.median(r for r, _ in v) for k, v in data.items()}
p99 = {k: statistics.median(p for _, p in v) for k, v in data.items()}
print(f"wrk -t1 -c{connections}, {seconds} s per run, {rounds} alternating rounds; medians over rounds.\n")
print("| endpoint | req/s (median) | p99 latency (median) | ratio to no auth | ratio to ASP.NET cookie auth |")
print("|---|---:|---:|---:|---:|")
names = {
    "none": "no authentication (ceiling)",
    "public": "`UseAuthKit()`, public route, no cookie",
    "stateless": "AuthKit stateless, `.RequireSession()` behind a route policy",
    "anonymous-401": "same API, anonymous (401)",
    "database": "AuthKit database (SQLite), `.RequireSession()` behind a route policy",
    "database-redis": "AuthKit database (Redis), same",
    "database-postgres": "AuthKit database (PostgreSQL via EF Core), same",
    "cookie": "ASP.NET Core cookie auth + `RequireAuthorization()`",
}
for key in ["none", "public", "stateless", "anonymous-401", "database", "database-redis", "database-postgres", "cookie"]:
    print(f"| {names[key]} | {med[key]:,.0f} | {p99[key]:.2f} ms | {med[key]/med['none']:.2f} | {med[key]/med['cookie']:.2f} |")
print(f"\n401 path / authenticated path: **{med['anonymous-401']/med['stateless']:.2f}×**.")
idle, flooded = p99["idle-p99"], p99["flood-p99"]
print(f"\nLogin flood isolation (signed-in stateless requests, wrk -c8, median of 3): p99 {idle:.2f} ms idle, {flooded:.2f} ms during a flood of wrong-password logins (wrk -c64; last run: {flood}; {codes.strip() or 'all 2xx'}): **{flooded/idle:.2f}×**.")
PY
