import createClient from 'openapi-fetch'
import type { paths } from './api-schema'

/**
 * The typed client for the AuthKit sample API. The base URL is relative on purpose: the browser calls this
 * app's own origin (/api/...), proxy.ts forwards to the API, and so the session cookie stays first-party and
 * no CORS is involved. Call it from the browser only (effects and event handlers), never while rendering on
 * the server, where a relative URL has nothing to resolve against.
 */
export const api = createClient<paths>({ baseUrl: '' })

// Named by path rather than by schema name, which the API's document generator is free to choose.
type JsonOf<Response> = Response extends { content: { 'application/json': infer Body } } ? Body : never
export type User = JsonOf<paths['/api/profile']['get']['responses'][200]>

/** Where to go after signing in: the API's checked redirectTo, or the dashboard when it names none. */
export function afterSignIn(redirectTo: string | null | undefined): string {
  return redirectTo || '/dashboard'
}

/** An answer turned into what a form shows: messages beside fields, and one message for the rest. */
export interface FormErrors {
  fieldErrors: Record<string, string[]>
  message: string
  code?: string
}

export const networkErrorMessage = 'Could not reach the server. Check your connection and try again.'

// Said when a refusal comes without a `detail` of its own.
const codeMessages: Record<string, string> = {
  email_unverified: 'Verify your email address first: open the link we sent you, then sign in.',
  second_factor_expired: 'This sign-in took too long.',
}

const fallbackMessages: Record<number, string> = {
  429: 'Too many attempts. Wait a moment and try again.',
  503: 'The service is unavailable right now. Try again shortly.',
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function stringArrays(value: unknown): Record<string, string[]> {
  const result: Record<string, string[]> = {}
  if (!isRecord(value)) {
    return result
  }
  for (const [key, messages] of Object.entries(value)) {
    if (!Array.isArray(messages)) {
      continue
    }
    const texts = messages.filter((m): m is string => typeof m === 'string' && m.length > 0)
    if (texts.length > 0) {
      // ASP.NET may key a field by its C# name ("Email"); the forms use the JSON name ("email").
      const field = key.length > 0 ? key[0].toLowerCase() + key.slice(1) : key
      result[field] = [...(result[field] ?? []), ...texts]
    }
  }
  return result
}

/**
 * Reads an AuthKit refusal: an RFC 9457 problem (field-keyed `errors` and `codes` on 400, a `code` otherwise),
 * or the login's `{ error }` answer for wrong credentials. Anything else (a proxy's HTML page, an empty body)
 * becomes a generic message, so a form always has something to say.
 */
export function toFormErrors(body: unknown, status?: number): FormErrors {
  const fallback = (status !== undefined && fallbackMessages[status]) || 'Something went wrong. Try again.'
  if (!isRecord(body)) {
    return { fieldErrors: {}, message: fallback }
  }

  const fieldErrors = stringArrays(body.errors)
  const codes = stringArrays(body.codes)
  const code =
    typeof body.code === 'string' && body.code.length > 0 ? body.code : Object.values(codes)[0]?.[0]

  const hasFieldErrors = Object.keys(fieldErrors).length > 0
  let detail = typeof body.detail === 'string' ? body.detail : ''
  if (hasFieldErrors) {
    // AuthKit's 400 repeats every field's sentences in `detail`; what is left is about no field (an expired
    // challenge, say) and still needs saying. Its title only says that validation failed.
    for (const text of Object.values(fieldErrors).flat()) {
      detail = detail.replace(text, '')
    }
    detail = detail.replace(/\s+/g, ' ').trim()
  }
  const message =
    (typeof body.error === 'string' && body.error) ||
    detail ||
    (hasFieldErrors ? '' : (code !== undefined && codeMessages[code]) || (typeof body.title === 'string' && body.title) || fallback)

  return code === undefined ? { fieldErrors, message } : { fieldErrors, message, code }
}

/**
 * Splits errors between the fields a form shows and its summary: messages for fields the form doesn't have
 * (or with no field at all) would otherwise be lost, so they join the summary.
 */
export function forForm(errors: FormErrors, fields: readonly string[]): { fieldErrors: Record<string, string>; message: string } {
  const fieldErrors: Record<string, string> = {}
  const rest: string[] = []
  for (const [field, messages] of Object.entries(errors.fieldErrors)) {
    if (fields.includes(field)) {
      fieldErrors[field] = messages.join(' ')
    } else {
      rest.push(...messages)
    }
  }
  const message = [errors.message, ...rest].filter((m) => m.length > 0).join(' ')
  return { fieldErrors, message }
}
