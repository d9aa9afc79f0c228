import assert from 'node:assert/strict'
import { createMemoryStore } from '@layercache/core'
import { createLeaderboard } from '@layercache/leaderboard'

// A daily board that expires by itself; createRedisStore({ client }) shares it between servers.
const board = createLeaderboard<{ name: string }>({
  store: createMemoryStore(),
  name: 'arcade',
  period: 'daily',
  timeZone: 'Europe/Paris',
})

await board.submit('user:1', 100, { metadata: { name: 'Ada' } })
await board.submit('user:2', 250, { metadata: { name: 'Grace' } })
await board.submit('user:3', 175, { metadata: { name: 'Linus' } })

const top = await board.top(2, { with: ['metadata'] }) // member, score and rank, plus metadata
assert.deepEqual(
  top.map((entry) => entry.metadata?.name),
  ['Grace', 'Linus'],
)
assert.equal(await board.rank('user:1'), 3)
console.log(await board.around('user:3', 1)) // Linus with a neighbour on each side
