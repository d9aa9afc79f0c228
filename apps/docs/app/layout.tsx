import { RootProvider } from 'fumadocs-ui/provider/next'
import type { Metadata } from 'next'
import type { ReactNode } from 'react'
import './global.css'

export const metadata: Metadata = {
  title: { template: '%s · layercache', default: 'layercache' },
  description:
    'Multi-layer caching for Node.js and Next.js: memory, Redis, a bus, rate limits, locks, leaderboards.',
}

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en" suppressHydrationWarning>
      <body className="flex min-h-screen flex-col">
        {/* Dark mode follows the system and has a switch in the navigation (next-themes, no flash). */}
        <RootProvider theme={{ defaultTheme: 'system' }}>{children}</RootProvider>
      </body>
    </html>
  )
}
