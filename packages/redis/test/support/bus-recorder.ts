import type { BusMessage, BusSignal } from '@layercache/core'

/** What one bus member heard, in order, with a way to wait for something to be heard. */
export interface BusRecorder {
  readonly events: (BusMessage | BusSignal)[]
  readonly listener: (event: BusMessage | BusSignal) => void
  /** How many events of `type` were heard, from position `from` on. */
  count(type: (BusMessage | BusSignal)['type'], from?: number): number
  /** Keys of the `delete` messages heard. */
  deletedKeys(): string[]
  /** Polls until `condition` holds; fails with `what` after `within` ms (a deadline, not a measurement). */
  until(what: string, condition: () => boolean, within?: number): Promise<void>
}

export function busRecorder(): BusRecorder {
  const events: (BusMessage | BusSignal)[] = []
  return {
    events,
    listener: (event) => {
      events.push(event)
    },
    count: (type, from = 0) => events.slice(from).filter((event) => event.type === type).length,
    deletedKeys: () => events.flatMap((event) => (event.type === 'delete' ? event.keys : [])),
    until: (what, condition, within) =>
      waitUntil(what, condition, within).catch((error: Error) => {
        throw new Error(`${error.message}; heard ${JSON.stringify(events.map((event) => event.type))}`)
      }),
  }
}

/** Polls until `condition` holds; fails with `what` after `within` ms (a deadline, not a measurement). */
export async function waitUntil(
  what: string,
  condition: () => boolean | Promise<boolean>,
  within = 15_000,
): Promise<void> {
  const deadline = Date.now() + within
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}
