import { registryItem } from '@/lib/registry/items'

/** `/r/cache-manager.json`: a shadcn registry item (`npx shadcn@latest add <site>/r/cache-manager.json`). */
export async function GET(_request: Request, context: { params: Promise<{ name: string }> }) {
  const { name } = await context.params
  // Before a release the packages are not on npm: a test names the tarballs to install instead.
  const tarballs = JSON.parse(process.env.LAYERCACHE_REGISTRY_TARBALLS ?? '{}') as Record<string, string>
  const item = name.endsWith('.json')
    ? await registryItem(name.slice(0, -'.json'.length), tarballs)
    : undefined
  if (item === undefined) return Response.json({ error: `no registry item ${name}` }, { status: 404 })
  return Response.json(item)
}
