import { entryOf } from '@layercache/core/store'
import { deleteKeysWithPrefixOn, redisClientFactories, uniquePrefix } from '@layercache/test-utils'
import { describe, expect, it } from 'vitest'
import { createRedisStore } from '../src/index.js'

describe('Upstash over HTTP', () => {
  it('sends the commands of one tick in one /pipeline request, each caller getting its own reply', async () => {
    const [factory] = await redisClientFactories({ kinds: ['upstash'] })
    const { client, close } = await factory!.create()
    // Count the HTTP requests the client's own requester makes (the real one, only observed).
    const requester = (client as unknown as { client: { request: (body: unknown) => Promise<unknown> } })
      .client
    const send = requester.request.bind(requester)
    const paths: string[] = []
    requester.request = (body) => {
      paths.push(((body as { path?: string[] }).path ?? []).join('/'))
      return send(body)
    }
    const prefix = uniquePrefix('upstash-batching')
    const store = createRedisStore({ client, prefix, timeout: '30s' })
    try {
      await store.set('warm', {
        value: 'x',
        createdAt: 0,
        expiresAt: Date.now() + 60_000,
        staleUntil: Date.now() + 60_000,
      })
      paths.length = 0
      const reads = await Promise.all(
        Array.from({ length: 20 }, (_, index) => store.get(index === 0 ? 'warm' : `missing-${index}`)),
      )
      expect(paths).toEqual(['pipeline'])
      expect(entryOf(reads[0])?.value).toBe('x')
      expect(reads.slice(1).every((entry) => entry === undefined)).toBe(true)
    } finally {
      await deleteKeysWithPrefixOn('upstash', prefix)
      await close()
    }
  })
})
