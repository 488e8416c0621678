import type { NextConfig } from 'next'

// No rewrites here: next.config rewrites are fixed when `next build` runs, and the API origin has to come
// from the environment of `next start`. proxy.ts forwards /api/* instead.
const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
}

export default nextConfig
