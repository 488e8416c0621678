// Server-side only: proxy.ts is the one importer. Nothing here may reach a page bundle, since it reads
// SESSION_SECRET (the guide guards this with `import 'server-only'`; this sample keeps the dependency list short).
import { jwtVerify } from 'jose'

/** What AuthKit writes into the guide's `session` cookie (plus `iat`, `sid`, `auth_time`, `expiresAt`). */
export interface SessionPayload {
  userId: string
  roles: string[]
  exp?: number
}

export const sessionCookieName = process.env.SESSION_COOKIE || 'session'

let encodedKey: Uint8Array | undefined

function sessionKey(): Uint8Array {
  if (!encodedKey) {
    const secret = process.env.SESSION_SECRET
    // Fail loudly: an unset secret would encode to an empty key and quietly sign everybody out.
    if (!secret || secret.length < 32) {
      throw new Error('SESSION_SECRET must be set to the API\'s AuthKit:NextJs:Secret (at least 32 characters).')
    }
    // The key is the secret's UTF-8 bytes, exactly as AuthKit.NextJs reads it (never Base64-decoded).
    encodedKey = new TextEncoder().encode(secret)
  }
  return encodedKey
}

/**
 * The guide's decrypt(): verifies the HS256 signature and the expiry, and returns null for anything else.
 * Revocation is invisible here (a cookie signed out elsewhere still verifies until it expires): the API has the
 * revocation list and re-checks every call.
 */
export async function decrypt(session: string | undefined = ''): Promise<SessionPayload | null> {
  const key = sessionKey()
  try {
    const { payload } = await jwtVerify(session, key, { algorithms: ['HS256'] })
    if (typeof payload.userId !== 'string' || payload.userId.length === 0) {
      return null
    }
    const roles = Array.isArray(payload.roles) ? payload.roles.filter((r): r is string => typeof r === 'string') : []
    return { userId: payload.userId, roles, exp: payload.exp }
  } catch {
    return null
  }
}
