import Link from 'next/link'
import Layout from '../components/Layout'

export default function Home() {
  return (
    <Layout title="Home">
      <h1>Welcome</h1>
      <p>A Next.js front end whose accounts and sessions live in an ASP.NET Core API running AuthKit.</p>
      <ul className="links">
        <li>
          <Link href="/login">Sign in</Link>
        </li>
        <li>
          <Link href="/signup">Create account</Link>
        </li>
        <li>
          <Link href="/dashboard">Dashboard</Link>
        </li>
      </ul>
    </Layout>
  )
}
