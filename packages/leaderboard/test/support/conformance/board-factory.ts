import type { Store } from '@layercache/core'
import { afterAll, beforeEach } from 'vitest'
import {
  boardKeys,
  createLeaderboard,
  type Leaderboard,
  type LeaderboardOptions,
} from '../../../src/index.js'
import { keyLifetimesScript } from '../key-lifetimes-script.js'

/** What every conformance test gets: a fresh store and a way to open boards on it. */
export interface ConformanceContext {
  readonly store: Store
  /** Opens a board with a name and prefix no other test uses (options may override the rest). */
  board<TMetadata = unknown>(options?: Partial<LeaderboardOptions>): Leaderboard<TMetadata>
  /** PTTL of each key of `board` (of its current period): -2 missing, -1 no expiry. */
  lifetimes(board: Leaderboard<unknown>, at?: number): Promise<number[]>
}

/** Options of the conformance suite. */
export interface ConformanceOptions {
  /** Removes what the tests wrote and releases the store (never the whole database). */
  cleanup?: (store: Store) => Promise<void> | void
}

let sequence = 0

/** Registers the hooks that give each test its own store and board names. */
export function useConformanceContext(
  createStore: () => Store | Promise<Store>,
  options: ConformanceOptions,
): ConformanceContext {
  const stores: Store[] = []
  let current: Store | undefined
  let prefix = ''

  beforeEach(async () => {
    current = await createStore()
    stores.push(current)
    prefix = `lbconf:${Date.now().toString(36)}${(sequence++).toString(36)}${Math.random().toString(36).slice(2, 8)}:`
  })

  afterAll(async () => {
    for (const store of stores) {
      await options.cleanup?.(store)
      await store.close()
    }
  })

  return {
    get store() {
      return current!
    },
    board<TMetadata>(overrides: Partial<LeaderboardOptions> = {}) {
      return createLeaderboard<TMetadata>({ store: current!, name: 'board', prefix, ...overrides })
    },
    async lifetimes(board, at) {
      const keys = boardKeys(prefix, board.name, board.period(at)?.id)
      return current!.run(keyLifetimesScript, keys, [])
    },
  }
}

export const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds))
