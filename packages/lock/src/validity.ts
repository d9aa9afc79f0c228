/** Added to the drift allowance whatever the TTL, for timer and clock resolution (the Redlock rule). */
export const DRIFT_FLOOR_MILLISECONDS = 2

/** The part of `ttl` assumed lost to clock drift between this process and the store. */
export function driftOf(ttl: number, driftFactor: number): number {
  return ttl * driftFactor + DRIFT_FLOOR_MILLISECONDS
}

/**
 * How long a lock set with `ttl` at or after `startedAt` is surely still held at `now`: the store
 * started its TTL no earlier than `startedAt`, and its clock may run a little faster than ours.
 */
export function validityOf(ttl: number, startedAt: number, now: number, driftFactor: number): number {
  return ttl - (now - startedAt) - driftOf(ttl, driftFactor)
}
