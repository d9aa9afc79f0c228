import { readFile } from 'node:fs/promises'
import { join } from 'node:path'

/** A file an item adds to the user's project. */
interface ItemFile {
  /** Where it is in this site, under `registry/`. */
  source: string
  /** Where it goes in the user's project. */
  target: string
}

interface ItemDefinition {
  name: string
  title: string
  description: string
  dependencies: readonly string[]
  files: readonly ItemFile[]
}

const LAYERCACHE = ['@layercache/core', '@layercache/redis', '@layercache/ratelimit'] as const

/** The shadcn registry served at `/r/<name>.json`. */
export const registryItems: readonly ItemDefinition[] = [
  {
    name: 'cache-manager',
    title: 'Cache manager',
    description:
      'lib/cache/cache-manager.ts: a `cacheManager` on memory, plus Upstash or Redis and a bus when configured, and `checkRateLimit(userId, 100, 60)`.',
    dependencies: [...LAYERCACHE, '@upstash/redis', 'ioredis'],
    files: [{ source: 'lib/cache/cache-manager.ts', target: 'lib/cache/cache-manager.ts' }],
  },
]

/**
 * Where each `@layercache/*` dependency is installed from: by name from npm, or, when the site is
 * given `LAYERCACHE_TARBALL_BASE` (a URL serving `pnpm pack` tarballs, as the registry test does before
 * a release), from that URL.
 */
function dependencySpec(name: string, tarballs: Record<string, string>): string {
  const tarball = tarballs[name]
  return tarball === undefined ? name : `${name}@${tarball}`
}

/** The registry item JSON for `name` (shadcn's `registry-item.json` schema), or undefined. */
export async function registryItem(name: string, tarballs: Record<string, string> = {}) {
  const item = registryItems.find((candidate) => candidate.name === name)
  if (item === undefined) return undefined
  const files = await Promise.all(
    item.files.map(async (file) => ({
      path: `registry/${file.source}`,
      type: 'registry:lib',
      target: file.target,
      content: await readFile(join(process.cwd(), 'registry', file.source), 'utf8'),
    })),
  )
  return {
    $schema: 'https://ui.shadcn.com/schema/registry-item.json',
    name: item.name,
    type: 'registry:lib',
    title: item.title,
    description: item.description,
    dependencies: item.dependencies.map((dependency) => dependencySpec(dependency, tarballs)),
    files,
  }
}
