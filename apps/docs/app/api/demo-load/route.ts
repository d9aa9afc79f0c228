import { runDemoLoad } from '@/lib/demo/catalogue'

const MAX_REQUESTS = 2_000

/** POST /api/demo-load?requests=200: reads products through the cache, for the dashboard to plot. */
export async function POST(request: Request) {
  const asked = Number(new URL(request.url).searchParams.get('requests') ?? 200)
  const requests = Number.isInteger(asked) && asked > 0 ? Math.min(asked, MAX_REQUESTS) : 200
  return Response.json(await runDemoLoad(requests), { headers: { 'cache-control': 'no-store' } })
}
