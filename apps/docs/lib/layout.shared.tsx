import type { BaseLayoutProps } from 'fumadocs-ui/layouts/shared'

export function baseOptions(): BaseLayoutProps {
  return {
    nav: { title: 'layercache' },
    links: [
      { text: 'Docs', url: '/docs' },
      { text: 'Dashboard', url: '/dashboard' },
    ],
  }
}
