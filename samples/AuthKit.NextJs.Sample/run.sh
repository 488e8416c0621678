#!/usr/bin/env bash
# Runs the pair on this machine: the ASP.NET Core sample (the API, http://localhost:5080) sharing its session with this
# Next.js app (http://localhost:3000, `next dev`). A fresh SESSION_SECRET is made for each run and given to both; the
# API keeps its SQLite files in its own folder, as `dotnet run --project samples/AuthKit.Sample` does.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
web="http://localhost:${PORT:-3000}"
api="http://localhost:${API_PORT:-5080}"
secret="$(node -e "process.stdout.write(require('node:crypto').randomBytes(32).toString('base64url'))")"

[ -d "$here/node_modules" ] || (cd "$here" && npm ci --no-audit --no-fund)

# The API: stateless sessions in the guide's jose cookie; links and passkeys name the Next.js origin, whose requests
# (proxied, with the browser's Origin) its CSRF check accepts.
Sessions__Mode=Stateless \
AuthKit__NextJs__Format=Jose \
AuthKit__NextJs__CookieName=session \
AuthKit__NextJs__Secret="$secret" \
AuthKit__PublicOrigin="$web" \
AuthKit__Csrf__AllowedOrigins__0="$web" \
  dotnet run --project "$root/samples/AuthKit.Sample" --urls "$api" &
api_pid=$!
trap 'kill "$api_pid" 2>/dev/null || true' EXIT

cd "$here"
echo "Next.js on $web, the API on $api"
AUTHKIT_API_ORIGIN="$api" SESSION_SECRET="$secret" SESSION_COOKIE=session NEXT_TELEMETRY_DISABLED=1 \
  npx next dev --port "${PORT:-3000}" --hostname localhost
