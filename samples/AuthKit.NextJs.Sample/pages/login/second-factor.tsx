import Link from 'next/link'
import { useRouter } from 'next/router'
import { useState, type FormEvent } from 'react'
import Field from '../../components/Field'
import FormError from '../../components/FormError'
import Layout from '../../components/Layout'
import { afterSignIn, api, forForm, networkErrorMessage, toFormErrors } from '../../lib/api'

type Method = 'code' | 'recoveryCode'

export default function SecondFactor() {
  const router = useRouter()
  const [method, setMethod] = useState<Method>('code')
  const [pending, setPending] = useState(false)
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({})
  const [message, setMessage] = useState('')
  const [expired, setExpired] = useState(false)

  const returnUrl = typeof router.query.returnUrl === 'string' ? router.query.returnUrl : undefined
  const loginHref = returnUrl ? `/login?${new URLSearchParams({ returnUrl })}` : '/login'

  function switchMethod() {
    setMethod(method === 'code' ? 'recoveryCode' : 'code')
    setFieldErrors({})
    setMessage('')
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const form = new FormData(event.currentTarget)
    const value = String(form.get(method) ?? '').trim()
    const rememberDevice = form.get('rememberDevice') === 'on'
    setPending(true)
    setFieldErrors({})
    setMessage('')
    setExpired(false)

    try {
      const { data, error, response } = await api.POST('/api/auth/login/second-factor', {
        body: method === 'code' ? { code: value, rememberDevice } : { recoveryCode: value, rememberDevice },
      })
      if (data) {
        // redirectTo carries the returnUrl the first step was given, already checked by the server.
        window.location.assign(afterSignIn(data.redirectTo))
        return
      }
      const shown = forForm(toFormErrors(error, response.status), [method])
      setFieldErrors(shown.fieldErrors)
      setMessage(shown.message)
      // A 401 here means the first step is gone (timed out, or never happened): only a new sign-in helps.
      setExpired(response.status === 401)
    } catch {
      setMessage(networkErrorMessage)
    }
    setPending(false)
  }

  return (
    <Layout title="Two-step sign-in">
      <h1>Two-step sign-in</h1>
      <form onSubmit={onSubmit} noValidate>
        {method === 'code' ? (
          <>
            <p>Enter the 6-digit code from your authenticator app.</p>
            <Field
              key="code"
              name="code"
              label="Code"
              type="text"
              inputMode="numeric"
              autoComplete="one-time-code"
              autoFocus
              error={fieldErrors.code}
            />
          </>
        ) : (
          <>
            <p>Enter one of the recovery codes you saved when you turned on two-step sign-in.</p>
            <Field
              key="recoveryCode"
              name="recoveryCode"
              label="Recovery code"
              type="text"
              autoComplete="off"
              autoCapitalize="off"
              spellCheck={false}
              autoFocus
              error={fieldErrors.recoveryCode}
            />
          </>
        )}
        <div className="checkbox">
          <input id="rememberDevice" name="rememberDevice" type="checkbox" />
          <label htmlFor="rememberDevice">Remember this device</label>
        </div>
        <FormError>
          {(message || expired) && (
            <>
              {message}
              {expired && (
                <>
                  {' '}
                  <Link href={loginHref}>Sign in again</Link>
                </>
              )}
            </>
          )}
        </FormError>
        <button type="submit" disabled={pending}>
          {pending ? 'Verifying…' : 'Verify'}
        </button>
      </form>
      <p>
        <button type="button" className="link-button" onClick={switchMethod}>
          {method === 'code' ? 'Use a recovery code' : 'Use your authenticator app'}
        </button>
      </p>
    </Layout>
  )
}
