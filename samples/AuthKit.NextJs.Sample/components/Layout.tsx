import Head from 'next/head'
import Link from 'next/link'
import type { ReactNode } from 'react'

export default function Layout({ title, children }: { title: string; children: ReactNode }) {
  return (
    <>
      <Head>
        <title>{`${title} · AuthKit + Next.js`}</title>
      </Head>
      <header className="site-header">
        <Link href="/" className="brand">
          AuthKit + Next.js
        </Link>
      </header>
      <main className="page">{children}</main>
    </>
  )
}
