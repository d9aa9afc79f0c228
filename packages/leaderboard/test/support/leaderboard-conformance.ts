import type { Store } from '@layercache/core'
import { describe } from 'vitest'
import { type ConformanceOptions, useConformanceContext } from './conformance/board-factory.js'
import { lifetimesConformance } from './conformance/lifetimes.js'
import { loneSurrogatesConformance } from './conformance/lone-surrogates.js'
import { metadataConformance } from './conformance/metadata.js'
import { operationsConformance } from './conformance/operations.js'
import { tiesAndRanksConformance } from './conformance/ties-and-ranks.js'

/**
 * The leaderboard contract as a Vitest suite, for any store: every backend must pass it unchanged.
 * It uses real time (no manual clock on the store), a fresh store and key prefix per test, and
 * reads keys only through scripts.
 *
 * @example
 * ```ts
 * describeLeaderboardConformance('memory', () => createMemoryStore())
 * ```
 */
export function describeLeaderboardConformance(
  name: string,
  createStore: () => Store | Promise<Store>,
  options: ConformanceOptions = {},
): void {
  describe(`Leaderboard contract: ${name}`, () => {
    const context = useConformanceContext(createStore, options)
    describe('operations', () => operationsConformance(context))
    describe('ties and rank modes', () => tiesAndRanksConformance(context))
    describe('metadata', () => metadataConformance(context))
    describe('lifetimes and periods', () => lifetimesConformance(context))
    describe('strings Redis would merge', () => loneSurrogatesConformance(context))
  })
}
