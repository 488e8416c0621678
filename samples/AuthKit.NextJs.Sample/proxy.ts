import { NextResponse, type NextRequest } from 'next/server'
import { decrypt, sessionCookieName } from './lib/session'

const protectedRoutes = ['/dashboard', '/admin']
const publicOnlyRoutes = ['/login', '/signup']

function isUnder(pathname: string, route: string): boolean {
  return pathname === route || pathname.startsWith(`${route}/`)
}

/**
 * Two jobs, both at request time:
 * 1. /api/* goes to the ASP.NET Core API, so the browser sees one origin and the session cookie is first-party.
 * 2. The guide's optimistic check: redirect on what the cookie says. It is only a convenience for navigation:
 *    the cookie may be revoked (the API keeps the revocation list, this app does not), so the API re-checks
 *    every call and the pages handle its 401/403 themselves.
 */
export async function proxy(req: NextRequest) {
  const { pathname, search } = req.nextUrl

  if (isUnder(pathname, '/api')) {
    // Read per request, not at build time, so one build can point at any API.
    const origin = process.env.AUTHKIT_API_ORIGIN
    if (!origin) {
      return NextResponse.json(
        { title: 'AUTHKIT_API_ORIGIN is not set.', status: 502 },
        { status: 502, headers: { 'content-type': 'application/problem+json' } },
      )
    }
    return NextResponse.rewrite(new URL(pathname + search, origin))
  }

  const session = await decrypt(req.cookies.get(sessionCookieName)?.value)

  if (protectedRoutes.some((route) => isUnder(pathname, route))) {
    if (!session) {
      const login = new URL('/login', req.url)
      login.searchParams.set('returnUrl', pathname + search)
      return NextResponse.redirect(login)
    }
    if (isUnder(pathname, '/admin') && !session.roles.includes('admin')) {
      return NextResponse.rewrite(new URL('/forbidden', req.url), { status: 403 })
    }
    return NextResponse.next()
  }

  if (session && publicOnlyRoutes.includes(pathname)) {
    return NextResponse.redirect(new URL('/dashboard', req.url))
  }

  return NextResponse.next()
}

export const config = {
  // `/dashboard/:path*` also matches `/dashboard` itself. Next.js adds the /_next/data/... form of each page on
  // its own, so client-side navigations get the same redirects.
  matcher: ['/api/:path*', '/dashboard/:path*', '/admin/:path*', '/login', '/signup'],
}
