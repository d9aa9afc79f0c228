import { Dashboard } from '@/components/dashboard'

export default function DashboardPage() {
  return (
    <main className="mx-auto flex w-full max-w-5xl flex-1 flex-col gap-6 px-6 py-10">
      <header className="flex flex-col gap-2">
        <h1 className="text-3xl font-bold">Live dashboard</h1>
        <p className="text-fd-muted-foreground">
          The counters of this site's own cache, read every second from <code>/api/cache-stats</code> (
          <code>createStatsRoute</code> of <code>@layercache/next</code>). Run the demo load to send product
          reads through <code>cached()</code>: the first read of a product calls its loader, the next ones are
          memory hits.
        </p>
      </header>
      <Dashboard />
    </main>
  )
}
