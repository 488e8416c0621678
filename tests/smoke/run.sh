#!/usr/bin/env bash
# Consumer smoke test: installs the packed AuthKit into a fresh `dotnet new web` project, pastes the README's
# quick start (the first ```csharp block is the user store, the second is Program.cs), builds it, runs it on a
# free loopback port and signs up, reads the session, signs out and checks the old cookie is refused, over HTTP.
#
#   bash tests/smoke/run.sh PACKAGES_DIR LOG_DIR [readme|ef]
#
# The ef variant (docs/entity-framework.md's set-up) instead installs AuthKit.EntityFrameworkCore with the SQLite
# provider: the ready-made EF user store and every AuthKit store in the app's own DbContext, then the same HTTP checks.
#
# The project lives in a temporary folder outside the repository (so the repository's build settings do not
# leak into it); its nuget.config ADDS the packages folder to the sources the machine already has. Packages are
# extracted into a private NuGet cache, so a re-pack of the same version is never hidden by an old copy.
set -euo pipefail

repo="$(cd "$(dirname "$0")/../.." && pwd)"
packages="$(cd "${1:?packages folder}" && pwd)"
logs="${2:?log folder}"
variant="${3:-readme}"
mkdir -p "$logs"
logs="$(cd "$logs" && pwd)"

work="$(mktemp -d "${TMPDIR:-/tmp}/authkit-smoke.XXXXXX")"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

fail() {
  echo "smoke test FAILED: $*" >&2
  exit 1
}

step() { printf -- '-- %s\n' "$*"; }

nupkg="$(ls "$packages"/AuthKit.[0-9]*.nupkg 2>/dev/null | head -n 1)"
[ -n "$nupkg" ] || fail "no AuthKit package in $packages (run ./build.sh pack)"
version="$(basename "$nupkg" .nupkg)"
version="${version#AuthKit.}"
step "AuthKit $version from $packages"

export NUGET_PACKAGES="$work/nuget-packages"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

cat >"$work/nuget.config" <<EOF
<?xml version="1.0" encoding="utf-8"?>
<!-- Adds the freshly packed AuthKit to the sources inherited from the machine's NuGet configuration. -->
<configuration>
  <packageSources>
    <add key="authkit-local" value="$packages" />
  </packageSources>
</configuration>
EOF

step "dotnet new web"
cd "$work"
dotnet new web --name SmokeApp --output app >"$logs/new.log" 2>&1 || { cat "$logs/new.log"; fail "dotnet new web"; }
cd app

step "dotnet add package AuthKit --version $version"
# --version (which the CLI does not combine with --prerelease) pins the package just packed: a package of the same
# name on another source can never stand in for it.
dotnet add package AuthKit --version "$version" >"$logs/add-package.log" 2>&1 \
  || { cat "$logs/add-package.log"; fail "dotnet add package"; }
metadata="$NUGET_PACKAGES/authkit/$version/.nupkg.metadata"
[ -f "$metadata" ] || fail "AuthKit $version was not restored"
grep -qF "$packages" "$metadata" || fail "AuthKit $version was restored from another source: $(cat "$metadata")"

if [ "$variant" = ef ]; then
  step "dotnet add package AuthKit.EntityFrameworkCore --version $version (and the SQLite provider)"
  dotnet add package AuthKit.EntityFrameworkCore --version "$version" >"$logs/add-ef.log" 2>&1 \
    || { cat "$logs/add-ef.log"; fail "dotnet add package AuthKit.EntityFrameworkCore"; }
  dotnet add package Microsoft.EntityFrameworkCore.Sqlite --version 10.0.15 >>"$logs/add-ef.log" 2>&1 \
    || { cat "$logs/add-ef.log"; fail "dotnet add package Microsoft.EntityFrameworkCore.Sqlite"; }
  step "writing docs/entity-framework.md's set-up (SQLite)"
  cat >AppDbContext.cs <<'CS'
using AuthKit.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

public sealed class AppDbContext(DbContextOptions<AppDbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddAuthKit();
        modelBuilder.AddAuthKitUsers<AuthKitUser>();
    }
}
CS
  cat >Program.cs <<'CS'
using AuthKit;
using AuthKit.Authorization;
using AuthKit.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddPooledDbContextFactory<AppDbContext>(o => o.UseSqlite("Data Source=app.db"));
builder.Services.AddAuthKit(builder.Configuration.GetSection("AuthKit"))
    .UseEntityFrameworkCoreUsers<AppDbContext, AuthKitUser>()
    .AddDatabaseSessions()
    .UseEntityFrameworkCore<AppDbContext>();

var app = builder.Build();
await using (var db = await app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync())
{
    await db.Database.EnsureCreatedAsync();
}

app.UseAuthKit();
app.MapAuthKitEndpoints("/api/auth");
app.MapGet("/api/profile", async (IAuthGuard guard) => Results.Ok(new { (await guard.GetUserAsync()).Email })).RequireSession();
app.Run();
CS
  cp AppDbContext.cs Program.cs "$logs/"
else
  step "pasting the README quick start"
  # The README is the single source: its first ```csharp block is the user store, the second Program.cs.
  awk -v dir="$PWD" '
    /^```csharp[[:space:]]*$/ { n++; inside = 1; next }
    /^```[[:space:]]*$/ && inside { inside = 0; next }
    inside && n == 1 { print > (dir "/AppUserStore.cs") }
    inside && n == 2 { print > (dir "/Program.cs.readme") }
  ' "$repo/README.md"
  [ -s AppUserStore.cs ] || fail "README.md has no first csharp block (the user store)"
  [ -s Program.cs.readme ] || fail "README.md has no second csharp block (Program.cs)"
  mv Program.cs.readme Program.cs
  cp AppUserStore.cs Program.cs "$logs/"
fi

step "dotnet build (warnings are errors)"
dotnet build -c Release -warnaserror -nologo >"$logs/build.log" 2>&1 \
  || { grep -E 'error|warning' "$logs/build.log" | sort -u >&2; fail "the README quick start does not compile as written"; }

step "running the app"
# Production, with a key ring from the environment, exactly as the README tells a user to configure it.
secret="$(head -c 32 /dev/urandom | base64)"
ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="http://127.0.0.1:0" \
  AuthKit__Keys__0__Id=smoke-1 AuthKit__Keys__0__Secret="$secret" \
  dotnet bin/Release/net10.0/SmokeApp.dll >"$logs/server.log" 2>&1 &
server_pid=$!

origin=""
for _ in $(seq 1 150); do
  origin="$(sed -n 's/.*Now listening on: \(http:\/\/127\.0\.0\.1:[0-9]*\).*/\1/p' "$logs/server.log" | head -n 1)"
  [ -n "$origin" ] && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$logs/server.log" >&2; fail "the app exited at start-up"; }
  sleep 0.2
done
[ -n "$origin" ] || { cat "$logs/server.log" >&2; fail "the app did not start listening within 30 s"; }
step "listening on $origin"

# request METHOD PATH [BODY] → sets $status, $body and $set_cookie; sends $cookie when set.
cookie=""
request() {
  local method="$1" path="$2" data="${3:-}"
  local args=(-sS -o "$work/body" -D "$work/headers" -w '%{http_code}' -X "$method" "$origin$path" -H "Origin: $origin")
  [ -n "$cookie" ] && args+=(-H "Cookie: $cookie")
  [ -n "$data" ] && args+=(-H 'Content-Type: application/json' --data "$data")
  status="$(curl "${args[@]}")"
  body="$(cat "$work/body")"
  # curl keeps no Secure cookie over http, so the session cookie is read from Set-Cookie and sent by hand.
  set_cookie="$(tr -d '\r' <"$work/headers" | sed -n 's/^[Ss]et-[Cc]ookie: \(__Host-authkit=[^;]*\).*/\1/p' | tail -n 1)"
  printf '   %s %s -> %s %s\n' "$method" "$path" "$status" "$body"
}

email="smoke-$RANDOM@example.com"
password="smoke test pass phrase $RANDOM$RANDOM"

step "sign-up"
request POST /api/auth/signup "{\"email\":\"$email\",\"password\":\"$password\"}"
[[ "$status" == 200 || "$status" == 201 ]] || fail "sign-up answered $status"
[ -n "$set_cookie" ] && [ "$set_cookie" != "__Host-authkit=" ] || fail "sign-up set no session cookie"
grep -i '^set-cookie: __Host-authkit=' "$work/headers" | grep -qi 'secure' || fail "the session cookie is not Secure"
grep -i '^set-cookie: __Host-authkit=' "$work/headers" | grep -qi 'httponly' || fail "the session cookie is not HttpOnly"
cookie="$set_cookie"

step "session"
request GET /api/auth/session
[ "$status" == 200 ] || fail "the session endpoint answered $status after sign-up"
grep -q '"userId"' <<<"$body" || fail "the session answer has no userId"
request GET /api/profile
[ "$status" == 200 ] || fail "the protected profile answered $status after sign-up"
grep -qF "$email" <<<"$body" || fail "the profile is not the signed-up user's"
[ -n "$set_cookie" ] && cookie="$set_cookie"

step "sign-out"
old_cookie="$cookie"
request POST /api/auth/logout
[[ "$status" == 200 || "$status" == 204 ]] || fail "sign-out answered $status"
tr -d '\r' <"$work/headers" | grep -qi '^set-cookie: __Host-authkit=;' || fail "sign-out did not delete the cookie"

step "the cookie from before sign-out is refused"
cookie="$old_cookie"
request GET /api/auth/session
[ "$status" == 401 ] || fail "the session endpoint answered $status to the signed-out cookie"
request GET /api/profile
[ "$status" == 401 ] || fail "the profile answered $status to the signed-out cookie"

step "passed"
