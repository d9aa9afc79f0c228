import { HomeLayout } from 'fumadocs-ui/layouts/home'
import type { Metadata } from 'next'
import type { ReactNode } from 'react'
import { baseOptions } from '@/lib/layout.shared'

export const metadata: Metadata = { title: 'Live dashboard' }

export default function Layout({ children }: { children: ReactNode }) {
  return <HomeLayout {...baseOptions()}>{children}</HomeLayout>
}
