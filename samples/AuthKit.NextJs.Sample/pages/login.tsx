import Link from 'next/link'
import { useRouter } from 'next/router'
import { useState, type FormEvent } from 'react'
import Field from '../components/Field'
import FormError from '../components/FormError'
import Layout from '../components/Layout'
import { afterSignIn, api, forForm, networkErrorMessage, toFormErrors } from '../lib/api'

const fields = ['email', 'password'] as const

export default function Login() {
  const router = useRouter()
  const [pending, setPending] = useState(false)
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({})
  const [message, setMessage] = useState('')

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const form = new FormData(event.currentTarget)
    // Passed through untouched: the API decides whether it is a safe local path and answers with redirectTo.
    const returnUrl = new URLSearchParams(window.location.search).get('returnUrl') ?? undefined
    setPending(true)
    setFieldErrors({})
    setMessage('')

    try {
      const { data, error, response } = await api.POST('/api/auth/login', {
        body: { email: String(form.get('email') ?? ''), password: String(form.get('password') ?? ''), returnUrl },
      })
      if (data && 'secondFactorRequired' in data) {
        // The API keeps the half-finished sign-in in its own short-lived cookie; only returnUrl travels along.
        const query = returnUrl ? `?${new URLSearchParams({ returnUrl })}` : ''
        await router.push(`/login/second-factor${query}`)
        return
      }
      if (data) {
        window.location.assign(afterSignIn(data.redirectTo))
        return
      }
      const shown = forForm(toFormErrors(error, response.status), fields)
      setFieldErrors(shown.fieldErrors)
      setMessage(shown.message)
    } catch {
      setMessage(networkErrorMessage)
    }
    setPending(false)
  }

  return (
    <Layout title="Sign in">
      <h1>Sign in</h1>
      <form onSubmit={onSubmit} noValidate>
        <Field name="email" label="Email" type="email" autoComplete="username" error={fieldErrors.email} />
        <Field
          name="password"
          label="Password"
          type="password"
          autoComplete="current-password"
          error={fieldErrors.password}
        />
        <FormError>{message}</FormError>
        <button type="submit" disabled={pending}>
          {pending ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <p>
        New here? <Link href="/signup">Create account</Link>
      </p>
    </Layout>
  )
}
