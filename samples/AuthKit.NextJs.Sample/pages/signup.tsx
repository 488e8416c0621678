import Link from 'next/link'
import { useState, type FormEvent } from 'react'
import Field from '../components/Field'
import FormError from '../components/FormError'
import Layout from '../components/Layout'
import { afterSignIn, api, forForm, networkErrorMessage, toFormErrors } from '../lib/api'

const fields = ['email', 'password'] as const

export default function Signup() {
  const [pending, setPending] = useState(false)
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({})
  const [message, setMessage] = useState('')
  const [notice, setNotice] = useState('')

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const form = new FormData(event.currentTarget)
    const returnUrl = new URLSearchParams(window.location.search).get('returnUrl') ?? undefined
    setPending(true)
    setFieldErrors({})
    setMessage('')
    setNotice('')

    try {
      const { data, error, response } = await api.POST('/api/auth/signup', {
        body: { email: String(form.get('email') ?? ''), password: String(form.get('password') ?? ''), returnUrl },
      })
      if (data && 'message' in data) {
        // 202: the API wants the address verified first; the mailed link creates the account.
        setNotice(data.message)
      } else if (data) {
        // The server has checked redirectTo is a local path. A full navigation, so every page (and the
        // proxy) sees the new cookie. The button stays disabled until the page goes away.
        window.location.assign(afterSignIn(data.redirectTo))
        return
      } else {
        const shown = forForm(toFormErrors(error, response.status), fields)
        setFieldErrors(shown.fieldErrors)
        setMessage(shown.message)
      }
    } catch {
      setMessage(networkErrorMessage)
    }
    setPending(false)
  }

  return (
    <Layout title="Create account">
      <h1>Create account</h1>
      {/* noValidate: the API's messages are the ones that count, so the browser's own bubbles stay out of the way. */}
      <form onSubmit={onSubmit} noValidate>
        <Field name="email" label="Email" type="email" autoComplete="username" error={fieldErrors.email} />
        <Field
          name="password"
          label="Password"
          type="password"
          autoComplete="new-password"
          error={fieldErrors.password}
        />
        <FormError>{message}</FormError>
        {notice && (
          <p id="form-status" role="status" className="notice">
            {notice}
          </p>
        )}
        <button type="submit" disabled={pending}>
          {pending ? 'Creating account…' : 'Create account'}
        </button>
      </form>
      <p>
        Already have an account? <Link href="/login">Sign in</Link>
      </p>
    </Layout>
  )
}
