import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { nextBuild, nextStart } from '@layercache/test-utils'
import type { TestProject } from 'vitest/node'
import { packPackages } from './pack-packages.js'

declare module 'vitest' {
  export interface ProvidedContext {
    /** The started site, e.g. `http://127.0.0.1:41234`. */
    siteUrl: string
  }
}

const appDir = join(import.meta.dirname, '..', '..')

/**
 * Builds the site once (a broken include, a failing twoslash block or a type error fails here) and
 * starts it with no Redis: the memory-only set-up a newcomer runs.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // LAYERCACHE_DOCS_REUSE_BUILD=1 reuses the .next of an earlier `next build` while writing tests.
  if (process.env.LAYERCACHE_DOCS_REUSE_BUILD !== '1') await nextBuild(appDir, { REDIS_URL: '' })
  // The registry item's dependencies, packed as npm would download them once they are published.
  const tarballDir = mkdtempSync(join(tmpdir(), 'layercache-docs-tarballs-'))
  const tarballs = packPackages(
    ['@layercache/core', '@layercache/redis', '@layercache/ratelimit'],
    tarballDir,
  )
  const server = await nextStart(appDir, {
    REDIS_URL: '',
    LAYERCACHE_REGISTRY_TARBALLS: JSON.stringify(tarballs),
  })
  project.provide('siteUrl', server.url)
  return async () => {
    await server.stop()
    rmSync(tarballDir, { recursive: true, force: true })
  }
}
