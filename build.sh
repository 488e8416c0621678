#!/usr/bin/env bash
# AuthKit build script.
#   ./build.sh test    build in Release and run every test project (installs what the tests need first)
#   ./build.sh build   build in Release
#   ./build.sh pack    pack the NuGet packages into artifacts/packages
#   ./build.sh smoke   consumer smoke test: pack, install into a fresh web app, run the README quick start
# Ends a test run with one line "N passed, N failed" (totals over all test projects).
set -euo pipefail
cd "$(dirname "$0")"

command="${1:-test}"
configuration="${CONFIGURATION:-Release}"
artifacts="$PWD/artifacts"
results="$artifacts/test-results"

log() { printf '\n== %s\n' "$*"; }

# Installs Debian packages (as root, or through sudo).
apt_install() {
  log "installing $*"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null
}

# Redis for the AuthKit.Redis tests: installs redis-server if missing, starts a private server on
# 127.0.0.1:6390 (no persistence; pidfile, log and data under artifacts/redis), stops it when the script exits,
# and names it to the tests in AUTHKIT_TEST_REDIS.
ensure_redis() {
  command -v redis-server >/dev/null 2>&1 || apt_install redis-server

  local port=6390 dir="$artifacts/redis"
  mkdir -p "$dir"
  if [ -f "$dir/redis.pid" ] && kill -0 "$(cat "$dir/redis.pid")" 2>/dev/null; then
    # A server left by an interrupted run: stop it so this run starts from an empty one.
    kill "$(cat "$dir/redis.pid")" 2>/dev/null || true
    sleep 1
  fi
  export AUTHKIT_TEST_REDIS="127.0.0.1:$port"
  if redis-cli -p "$port" ping >/dev/null 2>&1; then
    # Another run (say, another worktree) already serves this port: share it; tests use their own key prefixes.
    log "redis-server already answers on 127.0.0.1:$port; using it"
    return 0
  fi
  log "starting redis-server on 127.0.0.1:$port"
  redis-server --port "$port" --bind 127.0.0.1 --daemonize yes --dir "$dir" \
    --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" --save "" --appendonly no
  # Stop it when the script ends, keeping any EXIT trap set before (other prerequisites may add theirs).
  local previous
  previous=$(trap -p EXIT | sed -e "s/^trap -- '//" -e "s/' EXIT\$//" -e "s/'\\\\''/'/g")
  trap "kill \$(cat '$dir/redis.pid' 2>/dev/null) 2>/dev/null || true${previous:+; $previous}" EXIT
  local i
  for i in $(seq 1 50); do
    redis-cli -p "$port" ping >/dev/null 2>&1 && break
    sleep 0.2
  done
  redis-cli -p "$port" ping >/dev/null || { echo "redis-server did not start (see $dir/redis.log)" >&2; return 1; }
}

# PostgreSQL for the EF Core tests: Debian's server binaries (the tests start their own private clusters with initdb
# and pg_ctl as the postgres user, on free loopback ports, and stop them).
ensure_postgres() {
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || apt_install postgresql
}

# dotnet-ef, the EF Core command-line tool the migrations test runs (docs/entity-framework.md's step): pinned, installed
# into artifacts/tools when missing and named to the tests by AUTHKIT_DOTNET_EF.
ensure_dotnet_ef() {
  local tools="$artifacts/tools" version=10.0.15
  export AUTHKIT_DOTNET_EF="$tools/dotnet-ef"
  if ! "$AUTHKIT_DOTNET_EF" --version 2>/dev/null | grep -q "$version"; then
    log "dotnet tool install dotnet-ef $version"
    dotnet tool uninstall dotnet-ef --tool-path "$tools" >/dev/null 2>&1 || true
    dotnet tool install dotnet-ef --version "$version" --tool-path "$tools" >/dev/null
  fi
}

# Debian's Chromium for the browser tests (Playwright drives /usr/bin/chromium; it downloads no browser).
ensure_chromium() {
  [ -x /usr/bin/chromium ] || apt_install chromium
}

# The real npm packages the interop tests run under node (AuthKit.NextJs; otplib for TOTP codes), pinned, installed into
# artifacts/node (never into the repository) only when missing, and named to the tests by AUTHKIT_NODE_MODULES.
ensure_node_packages() {
  local prefix="$artifacts/node"
  local packages=(iron-session@9.0.1 iron-webcrypto@2.0.0 jose@6.2.17 otplib@13.5.0)
  export AUTHKIT_NODE_MODULES="$prefix/node_modules"
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    echo "node and npm are not installed: the Next.js interop tests will skip (and fail under CI=true)." >&2
    return 0
  fi
  local missing=0 spec name version
  for spec in "${packages[@]}"; do
    name="${spec%@*}"
    version="${spec##*@}"
    if ! grep -q "\"version\": *\"$version\"" "$AUTHKIT_NODE_MODULES/$name/package.json" 2>/dev/null; then
      missing=1
    fi
  done
  if [ "$missing" -eq 1 ]; then
    log "npm install ${packages[*]}"
    mkdir -p "$prefix"
    npm install --no-save --no-audit --no-fund --prefix "$prefix" "${packages[@]}"
  fi
}

# The real OpenID Connect provider the external sign-in tests start (panva's oidc-provider, tests/oidc-provider):
# installed with `npm ci` from its lockfile into that folder's node_modules (ignored by git) when missing.
ensure_oidc_provider() {
  local folder="tests/oidc-provider"
  if ! command -v npm >/dev/null 2>&1; then
    echo "npm is not installed: the external sign-in tests will fail until tests/oidc-provider is installed." >&2
    return 0
  fi
  if ! grep -q '"version": *"9.13.3"' "$folder/node_modules/oidc-provider/package.json" 2>/dev/null; then
    log "npm ci (tests/oidc-provider)"
    (cd "$folder" && npm ci --no-audit --no-fund)
  fi
}

# smtp4dev, the real SMTP server (with an HTTP API to read what it received) that the email tests start on their own
# loopback ports: the dotnet tool, pinned, installed into artifacts/tools when missing and named to the tests by
# AUTHKIT_SMTP4DEV.
ensure_smtp4dev() {
  local tools="$artifacts/tools" version=3.15.0
  export AUTHKIT_SMTP4DEV="$tools/smtp4dev"
  if [ -x "$AUTHKIT_SMTP4DEV" ] && [ -d "$tools/.store/rnwood.smtp4dev/$version" ]; then
    return 0
  fi
  log "dotnet tool install Rnwood.Smtp4dev $version"
  dotnet tool uninstall Rnwood.Smtp4dev --tool-path "$tools" >/dev/null 2>&1 || true
  dotnet tool install Rnwood.Smtp4dev --version "$version" --tool-path "$tools"
}

# The Next.js sample the browser tests drive (samples/AuthKit.NextJs.Sample): its pinned packages from the lockfile
# (`npm ci`, when missing or out of date), its typed client regenerated from the committed OpenAPI document, and one
# production build (`next build`, which type-checks the pages against that client). The tests start `next start`.
ensure_nextjs_sample() {
  local folder="samples/AuthKit.NextJs.Sample"
  if ! command -v npm >/dev/null 2>&1; then
    echo "npm is not installed: the Next.js sample's browser tests will fail." >&2
    return 0
  fi
  if [ ! -f "$folder/node_modules/.package-lock.json" ] || ! cmp -s "$folder/package-lock.json" "$folder/node_modules/.authkit-lock"; then
    log "npm ci ($folder)"
    (cd "$folder" && npm ci --no-audit --no-fund && cp package-lock.json node_modules/.authkit-lock)
  fi
  log "next build ($folder)"
  (cd "$folder" && NEXT_TELEMETRY_DISABLED=1 npm run generate --silent && NEXT_TELEMETRY_DISABLED=1 npm run build)
}

# Installs and starts what the test suites need. Idempotent; safe on a developer machine.
ensure_prerequisites() {
  ensure_redis
  ensure_postgres
  ensure_dotnet_ef
  ensure_chromium
  ensure_node_packages
  ensure_oidc_provider
  ensure_smtp4dev
  ensure_nextjs_sample
}

build() {
  log "dotnet build ($configuration)"
  dotnet build AuthKit.sln -c "$configuration" -warnaserror -nologo
}

# The servers the test processes share (private PostgreSQL clusters, smtp4dev) are stopped by those processes when they
# exit; a test host that is ended abruptly at the end of its run cannot, so whatever is left is stopped here.
stop_test_servers() {
  local tmp="${TMPDIR:-/tmp}"
  pkill -f -- "-D ${tmp%/}/authkit-pg-" 2>/dev/null || true
  pkill -f -- "$artifacts/tools/smtp4dev" 2>/dev/null || true
}

run_tests() {
  rm -rf "$results"
  mkdir -p "$results"
  local status=0
  log "dotnet test"
  # A hung test fails the run after 10 minutes (with a dump) instead of eating CI's time.
  # One test project at a time (-m:1): the timing test and the browser tests measure wall-clock behaviour,
  # which other test processes on a 2-core machine would disturb.
  dotnet test AuthKit.sln -c "$configuration" --no-build --nologo -m:1 --blame-hang-timeout 10m \
    --logger "trx" --logger "console;verbosity=minimal" \
    --results-directory "$results" || status=$?
  stop_test_servers

  local passed=0 failed=0 files=0
  for trx in "$results"/*.trx; do
    [ -e "$trx" ] || continue
    files=$((files + 1))
    local counters
    counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
    local p f e
    p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
    f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
    e=$(sed -n 's/.* error="\([0-9]*\)".*/\1/p' <<<"$counters")
    passed=$((passed + ${p:-0}))
    failed=$((failed + ${f:-0} + ${e:-0}))
  done

  if [ "$files" -eq 0 ]; then
    echo "No test results were written." >&2
    failed=$((failed + 1))
  fi
  if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
    # dotnet test failed without a failing test (a crashed test host, say): count it.
    failed=1
  fi
  echo
  echo "$passed passed, $failed failed"
  [ "$failed" -eq 0 ]
}

# The four NuGet packages (src/*), with their symbol packages, into artifacts/packages. Warnings are errors.
pack() {
  log "dotnet pack"
  rm -rf "$artifacts/packages"
  local project
  for project in src/*/*.csproj; do
    dotnet pack "$project" -c "$configuration" -o "$artifacts/packages" -warnaserror -nologo
  done
}

# The consumer smoke tests (tests/smoke/run.sh): pack, install AuthKit into a fresh `dotnet new web` project from the
# local folder, paste the README's quick start (and, second, docs/entity-framework.md's set-up on SQLite), run it and
# sign up, read the session and sign out over HTTP. Prints "smoke: N passed, M failed".
smoke() {
  pack
  local passed=0 failed=0 variant
  for variant in readme ef; do
    log "consumer smoke test ($variant)"
    if bash tests/smoke/run.sh "$artifacts/packages" "$artifacts/smoke/$variant" "$variant"; then
      passed=$((passed + 1))
    else
      failed=$((failed + 1))
    fi
  done
  # The sample published as a native AOT app (clang and zlib from apt when missing).
  log "native AOT smoke test (samples/AuthKit.Sample)"
  if { command -v clang >/dev/null || ls /usr/bin/clang-[0-9]* >/dev/null 2>&1 || apt_install clang; } \
    && { [ -e /usr/include/zlib.h ] || apt_install zlib1g-dev; } \
    && bash tests/smoke/aot.sh "$artifacts/smoke/aot"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
  fi
  echo "smoke: $passed passed, $failed failed"
  [ "$failed" -eq 0 ]
}

case "$command" in
  test)
    ensure_prerequisites
    build
    run_tests
    ;;
  build)
    build
    ;;
  pack)
    pack
    ;;
  smoke)
    smoke
    ;;
  *)
    echo "usage: ./build.sh [test|build|pack|smoke]" >&2
    exit 2
    ;;
esac
