import Link from 'next/link'
import Layout from '../components/Layout'

// Shown by the proxy (with status 403) at /admin for a signed-in account without the admin role.
export default function Forbidden() {
  return (
    <Layout title="Forbidden">
      <h1>Forbidden</h1>
      <p>Your account may not see this page.</p>
      <p>
        <Link href="/dashboard">Back to the dashboard</Link>
      </p>
    </Layout>
  )
}
