import { join } from 'node:path'
import { nextBuild, nextStart } from '@layercache/test-utils'
import type { TestProject } from 'vitest/node'

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
  const env = { REDIS_URL: '' }
  await nextBuild(appDir, env)
  const server = await nextStart(appDir, env)
  project.provide('siteUrl', server.url)
  return () => server.stop()
}
