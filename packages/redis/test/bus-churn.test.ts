import { getRedisUrl, uniquePrefix } from '@layercache/test-utils'
import { Redis } from 'ioredis'
import { describe, expect, it } from 'vitest'
import { inspectRedisBus } from '../src/bus/redis-bus.js'
import { createRedisBus } from '../src/index.js'
import { busRecorder, waitUntil } from './support/bus-recorder.js'

const MEMBERS = 10_000
const WAVE = 100

describe('members joining and leaving one bus', () => {
  it('leave nothing behind and share one subscriber connection per channel', async () => {
    const url = await getRedisUrl()
    const client = new Redis(url)
    const observer = new Redis(url)
    const prefix = uniquePrefix('bus-churn')
    // Frequent heartbeats forget departed senders quickly; a long timeout rules out a suspicion of silence.
    const bus = createRedisBus({ client, prefix, heartbeatInterval: '50ms', heartbeatTimeout: '10s' })
    const subscribers = async () => {
      const [, count] = (await observer.call('PUBSUB', 'NUMSUB', `${prefix}app`)) as [string, number]
      return count
    }
    const anchor = busRecorder()
    const anchored = bus.join('app', anchor.listener)
    try {
      await bus.ready()
      for (let joined = 0; joined < MEMBERS; joined += WAVE) {
        const wave = Array.from({ length: WAVE }, () => bus.join('app', () => {}))
        // Some publish, so that receivers track them as senders, then forget them once they left.
        await wave[0]!.publish({ type: 'delete', keys: [`app:${joined}`] })
        for (const member of wave) await member.leave()
        if (joined % (WAVE * 20) === 0) {
          expect(inspectRedisBus(bus).connections).toBe(1)
          expect(await subscribers()).toBe(1)
        }
      }
      await anchor.until('the last wave’s message', () =>
        anchor.deletedKeys().includes(`app:${MEMBERS - WAVE}`),
      )
      // The next heartbeat no longer lists the members that left: their sequence records go.
      await anchor.until('senders that left to be forgotten', () => inspectRedisBus(bus).senders === 1)
      expect(inspectRedisBus(bus)).toEqual({
        channels: 1,
        members: 1,
        senders: 1,
        connections: 1,
        waiters: 0,
      })

      await anchored.leave()
      await anchor.until('the subscriber connection to close', () => inspectRedisBus(bus).connections === 0)
      expect(inspectRedisBus(bus)).toEqual({
        channels: 0,
        members: 0,
        senders: 0,
        connections: 0,
        waiters: 0,
      })
      await waitUntil('Redis to count no subscriber', async () => (await subscribers()) === 0)
    } finally {
      await bus.close()
      client.disconnect()
      observer.disconnect()
    }
  })
})
