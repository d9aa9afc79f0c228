import { HomeLayout } from 'fumadocs-ui/layouts/home'
import Link from 'next/link'
import { baseOptions } from '@/lib/layout.shared'

export default function NotFound() {
  return (
    <HomeLayout {...baseOptions()}>
      <main className="mx-auto flex max-w-xl flex-1 flex-col items-center justify-center gap-4 px-6 py-24 text-center">
        <h1 className="text-3xl font-bold">Page not found</h1>
        <p className="text-fd-muted-foreground">
          There is no page at this address. The documentation starts at getting started.
        </p>
        <Link className="rounded-md border px-4 py-2" href="/docs">
          Go to the documentation
        </Link>
      </main>
    </HomeLayout>
  )
}
