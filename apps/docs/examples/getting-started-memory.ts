import { createCache, memoryStore } from '@layercache/core'

const cache = createCache({ layers: [memoryStore({ maxEntries: 10_000 })], ttl: '5m' })

let loads = 0
const loadUser = async (id: string) => {
  loads++
  return { id, name: 'Ada' }
}

const first = await cache.getOrSet('user:1', () => loadUser('1'))
const second = await cache.getOrSet('user:1', () => loadUser('1'))
console.log(first.name, second.name, `${loads} load`) // Ada Ada 1 load
