import { createRedisStore } from '@layercache/redis'
import {
  type ClientKind,
  type CreatedClient,
  redisClientFactories,
  uniquePrefix,
} from '@layercache/test-utils'
import { afterAll } from 'vitest'
import { describeLockConformance } from './lock-conformance.js'
import { deleteKeysWithPrefixOn } from './redis.js'

/**
 * Runs the conformance suite, unchanged, on each client kind: one client per kind, and a store with a
 * prefix of its own for every store the suite asks for, so Redlock's three stores are independent.
 * The stores' prefixes share one prefix per kind and run, whose keys are deleted after the suite: by
 * one SCAN of the single Redis (which may hold many other keys; scanning it over HTTP once per store
 * would take minutes), or on every master of the cluster.
 */
export async function describeLockConformanceOnRedis(kinds: ClientKind[]): Promise<void> {
  const cleanups: (() => Promise<unknown>)[] = []
  afterAll(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup()
  })
  for (const factory of await redisClientFactories({ kinds })) {
    const runPrefix = uniquePrefix(`lock-${factory.name}`)
    let stores = 0
    let created: Promise<CreatedClient<unknown>> | undefined
    describeLockConformance(
      factory.name,
      async () => {
        created ??= factory.create()
        const { client } = await created
        return createRedisStore({
          client: client as never,
          prefix: `${runPrefix}s${stores++}:`,
          timeout: '30s',
        })
      },
      // Keys are deleted once per run, below.
      { cleanup: () => {} },
    )
    cleanups.push(async () => {
      if (created === undefined) return
      const { close } = await created
      await deleteKeysWithPrefixOn(factory.name, runPrefix)
      await close()
    })
  }
}
