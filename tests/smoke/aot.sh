#!/usr/bin/env bash
# Native AOT smoke test: publishes samples/AuthKit.Sample with PublishAot, checks that no trim or AOT warning comes from
# an AuthKit package (the ones left come from EF Core and Npgsql, which the sample uses for Sessions:Store=Postgres),
# runs the native binary on a free loopback port and signs up, reads the profile and the admin list, fetches the
# OpenAPI document, signs out and checks the old cookie is refused, over HTTP.
#
#   bash tests/smoke/aot.sh LOG_DIR
set -euo pipefail

repo="$(cd "$(dirname "$0")/../.." && pwd)"
logs="${1:?log folder}"
mkdir -p "$logs"
logs="$(cd "$logs" && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/authkit-aot.XXXXXX")"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "aot smoke test FAILED: $*" >&2; exit 1; }
step() { printf -- '-- %s\n' "$*"; }

# The native toolchain: clang (Debian may only have a versioned name) and zlib.
cc="$(command -v clang || ls /usr/bin/clang-[0-9]* 2>/dev/null | sort -V | tail -n 1 || true)"
[ -n "$cc" ] || fail "no clang: install clang and zlib1g-dev"

step "dotnet publish samples/AuthKit.Sample -p:PublishAot=true (linker: $(basename "$cc"))"
dotnet publish "$repo/samples/AuthKit.Sample" -c Release -r linux-x64 -p:PublishAot=true -p:CppCompilerAndLinker="$(basename "$cc")" \
  -p:TreatWarningsAsErrors=false -o "$work/app" -nologo >"$logs/publish.log" 2>&1 || { tail -n 40 "$logs/publish.log"; fail "dotnet publish"; }
warnings="$(grep -E 'warning IL[0-9]+' "$logs/publish.log" | sort -u || true)"
step "$(printf '%s\n' "$warnings" | grep -c 'IL' || true) trim/AOT warnings, by origin:"
printf '%s\n' "$warnings" | grep -oE '^[^(:]+' | sed 's|.*/||' | sort | uniq -c | sed 's/^/   /' || true
if printf '%s\n' "$warnings" | grep -E '/src/AuthKit[^/]*/|Assembly .AuthKit' >/dev/null; then
  printf '%s\n' "$warnings" | grep -E '/src/AuthKit[^/]*/|Assembly .AuthKit' >&2
  fail "an AuthKit package has trim or AOT warnings"
fi

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
origin="http://127.0.0.1:$port"
step "running the native sample on $origin"
# exec: the background job is the app itself, so the clean-up's kill stops it (not only a subshell).
(cd "$repo/samples/AuthKit.Sample" && ASPNETCORE_ENVIRONMENT=Development exec "$work/app/AuthKit.Sample" --urls "$origin" \
  --ConnectionStrings:Users="Data Source=$work/users.db" --ConnectionStrings:Sessions="Data Source=$work/sessions.db" \
  --Sample:AdminEmails:0=aot@example.com --Sample:MailboxPath="$work/mailbox" >"$logs/app.log" 2>&1) &
server_pid=$!
for _ in $(seq 1 100); do
  curl -fsS "$origin/health" >/dev/null 2>&1 && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$logs/app.log"; fail "the native sample exited"; }
  sleep 0.1
done

jar="$work/cookies"
call() { # method path [body] -> prints the status, keeps the body in $work/body
  local method="$1" path="$2" body="${3:-}"
  local args=(-sS -o "$work/body" -w '%{http_code}' -X "$method" -b "$jar" -c "$jar" -H "Origin: $origin")
  [ -n "$body" ] && args+=(-H 'Content-Type: application/json' -d "$body")
  curl "${args[@]}" "$origin$path"
}
expect() { # status method path [body]
  local want="$1"; shift
  local got; got="$(call "$@")"
  printf '   %s %s -> %s %s\n' "$1" "$2" "$got" "$(head -c 160 "$work/body" | tr -d '\n')"
  [ "$got" = "$want" ] || { cat "$logs/app.log"; fail "$1 $2 answered $got, expected $want"; }
}

expect 400 POST /api/auth/signup '{"email":"aot@example.com","password":"password"}'
grep -q '"codes":{"password":\["password_common"\]}' "$work/body" || fail "the refusal is not field-keyed"
expect 201 POST /api/auth/signup '{"email":"aot@example.com","password":"correct horse battery staple"}'
expect 200 GET /api/profile
grep -q '"email":"aot@example.com"' "$work/body" || fail "the profile does not name the user"
expect 200 GET /api/admin/users
expect 200 GET /openapi/v1.json
grep -q '"authkit"' "$work/body" || fail "the OpenAPI document has no AuthKit security scheme"
cp "$jar" "$work/old-cookies"
expect 204 POST /api/auth/logout
cp "$work/old-cookies" "$jar"
expect 401 GET /api/auth/session
grep -E 'fail:|Unhandled exception' "$logs/app.log" && fail "the native sample logged a failure"
step "passed"
