import Link from 'next/link'
import { useEffect, useState } from 'react'
import FormError from '../components/FormError'
import Layout from '../components/Layout'
import { api, networkErrorMessage, toFormErrors, type User } from '../lib/api'

export default function Dashboard() {
  const [profile, setProfile] = useState<User | null>(null)
  const [loadError, setLoadError] = useState('')
  const [signingOut, setSigningOut] = useState(false)
  const [signOutError, setSignOutError] = useState('')

  useEffect(() => {
    const controller = new AbortController()
    api
      .GET('/api/profile', { signal: controller.signal })
      .then(({ data, error, response }) => {
        if (data) {
          setProfile(data)
        } else if (response.status === 401) {
          // The proxy let the page through on the cookie alone; the API knows it was revoked. AuthKit's 401
          // also deletes that dead cookie, so /login does not bounce straight back here.
          window.location.assign('/login?returnUrl=/dashboard')
        } else {
          setLoadError(toFormErrors(error, response.status).message)
        }
      })
      .catch(() => {
        if (!controller.signal.aborted) {
          setLoadError(networkErrorMessage)
        }
      })
    return () => controller.abort()
  }, [])

  async function signOut() {
    setSigningOut(true)
    setSignOutError('')
    try {
      const { error, response } = await api.POST('/api/auth/logout')
      // 401: already signed out on the server, which is what was asked for.
      if (response.ok || response.status === 401) {
        window.location.assign('/login')
        return
      }
      setSignOutError(toFormErrors(error, response.status).message)
    } catch {
      setSignOutError(networkErrorMessage)
    }
    setSigningOut(false)
  }

  return (
    <Layout title="Dashboard">
      <h1>Dashboard</h1>
      {profile ? (
        <>
          <p>
            Signed in as <strong id="email">{profile.email}</strong>
          </p>
          <p>
            Role: <span id="role">{profile.role}</span>
          </p>
          {profile.role === 'admin' && (
            <p>
              <Link href="/admin">Users</Link>
            </p>
          )}
        </>
      ) : loadError ? (
        <p className="notice">{loadError}</p>
      ) : (
        <p aria-busy="true">Loading your profile…</p>
      )}
      <FormError>{signOutError}</FormError>
      <button type="button" onClick={signOut} disabled={signingOut}>
        {signingOut ? 'Signing out…' : 'Sign out'}
      </button>
    </Layout>
  )
}
