import assert from 'node:assert/strict'
import { createCache } from '@layercache/core'

const cache = createCache({ namespace: 'app' }) // default TTL: 5 minutes

// Match the TTL to how often the data changes. Seconds as numbers, or strings.
await cache.set('live:data', { visitors: 42 }, 60) // frequently changing: 1-5 minutes
await cache.set('user:profile:7', { name: 'Ada' }, '15m') // semi-static: 5-30 minutes
await cache.set('settings', { theme: 'dark' }, '1h') // rarely changing: 1 hour and more
await cache.set('countries', ['FR', 'NG', 'JP'], '1d') // static reference data: a day and more

// Key naming: module:entity:id, so prefixes and tags group what changes together.
await cache.set('goals:goal:123', { title: 'Run 10k' }, { ttl: '10m', tags: ['goals', 'user:7'] })
assert.equal(await cache.deleteByPrefix('goals:'), 1)

const info = await cache.getEntry('settings')
assert.ok(info !== undefined && info.expiresAt - info.createdAt === 3_600_000)
console.log(new Date(info.expiresAt)) // an hour after the write
await cache.close()
