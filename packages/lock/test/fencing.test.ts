// The README's fencing example, run: a paused holder's late write is refused by the resource itself.
import { createManualClock, createMemoryStore } from '@layercache/core'
import { describe, expect, it } from 'vitest'
import { createLock } from '../src/index.js'

/** A protected resource: it accepts a write only with a fence at least as large as any it has seen. */
class InvoiceStorage {
  private highestFence = 0
  readonly writes: string[] = []

  write(pdf: string, fence: number): boolean {
    if (fence < this.highestFence) return false
    this.highestFence = fence
    this.writes.push(pdf)
    return true
  }
}

describe('fencing tokens', () => {
  it('a holder that paused past its TTL cannot overwrite the next holder', async () => {
    const clock = createManualClock(1_700_000_000_000)
    const lock = createLock({ store: createMemoryStore({ clock }), clock })
    const storage = new InvoiceStorage()

    const paused = await lock.acquire('invoice:42', { ttl: 10 })
    clock.advance(15_000) // a long GC pause: the lock expires underneath
    const next = await lock.acquire('invoice:42', { ttl: 10 })
    expect(next!.fence).toBeGreaterThan(paused!.fence)
    expect(storage.write('v2 by the new holder', next!.fence)).toBe(true)

    expect(storage.write('v1 by the paused holder', paused!.fence)).toBe(false)
    expect(await paused!.release()).toEqual({ released: false, reason: 'taken' })
    expect(storage.writes).toEqual(['v2 by the new holder'])
  })

  it("the raw SET NX + DEL pattern deletes the next owner's lock; release() does not", async () => {
    const clock = createManualClock(1_700_000_000_000)
    const store = createMemoryStore({ clock })
    const lock = createLock({ store, clock })
    const slow = await lock.acquire('report', { ttl: 10 })
    clock.advance(11_000)
    const fast = await lock.acquire('report', { ttl: 10 })
    await slow!.release() // owner-checked: leaves `fast`'s lock alone
    expect(await lock.acquire('report')).toBeNull()
    await fast!.release()
    expect(await lock.acquire('report')).not.toBeNull()
  })
})
