import { useEffect, useState } from 'react'
import Layout from '../components/Layout'
import { api, networkErrorMessage, toFormErrors, type User } from '../lib/api'

const forbiddenMessage = 'Your account may not see this page.'

export default function Admin() {
  const [users, setUsers] = useState<User[] | null>(null)
  const [error, setError] = useState('')

  useEffect(() => {
    const controller = new AbortController()
    api
      .GET('/api/admin/users', { signal: controller.signal })
      .then(({ data, error: problem, response }) => {
        if (data) {
          setUsers(data)
        } else if (response.status === 401) {
          window.location.assign('/login?returnUrl=/admin')
        } else if (response.status === 403) {
          // The cookie said admin (or the proxy was bypassed), the API says otherwise: the API wins.
          setError(forbiddenMessage)
        } else {
          setError(toFormErrors(problem, response.status).message)
        }
      })
      .catch(() => {
        if (!controller.signal.aborted) {
          setError(networkErrorMessage)
        }
      })
    return () => controller.abort()
  }, [])

  return (
    <Layout title="Users">
      <h1>Users</h1>
      {error ? (
        <p className="notice" role="alert">
          {error}
        </p>
      ) : users === null ? (
        <p aria-busy="true">Loading users…</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Created</th>
            </tr>
          </thead>
          <tbody>
            {users.map((user) => (
              <tr key={user.id}>
                <td>{user.email ?? '—'}</td>
                <td>{user.role}</td>
                <td>
                  <time dateTime={user.createdAt}>{new Date(user.createdAt).toLocaleDateString()}</time>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  )
}
