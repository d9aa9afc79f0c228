import Link from 'next/link'

const parts = [
  {
    href: '/docs/getting-started',
    title: 'Getting started',
    text: 'Memory in five minutes, then Redis, then many servers.',
  },
  {
    href: '/docs/guides/basic-caching',
    title: 'Guides',
    text: 'The three examples: basic caching, Redis, invalidation.',
  },
  {
    href: '/docs/packages/core',
    title: 'Packages',
    text: 'core, redis, ratelimit, lock, leaderboard, next.',
  },
  {
    href: '/dashboard',
    title: 'Live dashboard',
    text: 'Hit rate, layers and loader calls of this very site.',
  },
]

export default function HomePage() {
  return (
    <main className="mx-auto flex w-full max-w-5xl flex-1 flex-col gap-10 px-6 py-16">
      <section className="flex flex-col gap-4">
        <h1 className="text-4xl font-bold">layercache</h1>
        <p className="max-w-2xl text-lg text-fd-muted-foreground">
          One cache API over an embedded memory store, Redis and a bus that keeps many servers in step, with
          rate limits, locks and leaderboards on the same stores, and a Next.js integration this site runs on.
        </p>
        <div className="flex gap-3">
          <Link
            className="rounded-md bg-fd-primary px-4 py-2 text-fd-primary-foreground"
            href="/docs/getting-started"
          >
            Get started
          </Link>
          <Link className="rounded-md border px-4 py-2" href="/dashboard">
            See it working
          </Link>
        </div>
      </section>
      <section className="grid gap-4 sm:grid-cols-2">
        {parts.map((part) => (
          <Link key={part.href} href={part.href} className="rounded-lg border p-4 hover:bg-fd-accent">
            <h2 className="font-semibold">{part.title}</h2>
            <p className="text-sm text-fd-muted-foreground">{part.text}</p>
          </Link>
        ))}
      </section>
    </main>
  )
}
