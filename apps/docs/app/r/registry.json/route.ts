import { registryItems } from '@/lib/registry/items'

/** The registry's index (shadcn's `registry.json` schema). */
export function GET() {
  return Response.json({
    $schema: 'https://ui.shadcn.com/schema/registry.json',
    name: 'layercache',
    homepage: '/docs',
    items: registryItems.map(({ name, title, description }) => ({
      name,
      type: 'registry:lib',
      title,
      description,
    })),
  })
}
