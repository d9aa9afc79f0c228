import type { AtomicScript, ScriptArgument } from '@layercache/core/store'
import type { EntryField, LeaderboardEntry, SubmitItem, SubmitResult } from './entry.js'
import { failWith, leaderboardErrors } from './errors.js'
import type { BoardKeys } from './keys.js'
import { type EntryFields, rangeEntries, scoredEntries } from './range-entries.js'
import type { BoardSettings } from './resolve-options.js'
import { decodeScore, redisNumber } from './score-encoding.js'
import { aroundRowsScript, aroundScript, rangeScript, scoredRowsScript } from './scripts/range-scripts.js'
import { countScript, readMembersScript } from './scripts/read-scripts.js'
import { type EntryRow, SUBMIT_OUT_OF_RANGE } from './scripts/replies.js'
import { submitScript } from './scripts/submit-script.js'
import { clearScript, removeScript, setMetadataScript } from './scripts/write-scripts.js'
import { assertMember, encodeMetadata, toScore } from './validation.js'

/** How the keys of a write expire: never, at an instant (periods), or after a sliding TTL. */
export type KeyExpiry = readonly ['none', 0] | readonly ['at', number] | readonly ['in', number]

/** The keys one call works on, and how a write makes them expire. */
export interface BoardTarget {
  readonly keys: BoardKeys
  readonly expiry: KeyExpiry
}

/** Entries and the board size (-1 when not asked for), from one range or around call. */
export interface EntryRange<TMetadata, TFields extends EntryField> {
  readonly total: number
  readonly entries: LeaderboardEntry<TMetadata, TFields>[]
}

/**
 * Validates input, runs the scripts and decodes their replies. Every public method of the board is
 * one call of one script: one round trip, atomic.
 */
export class BoardOperations<TMetadata> {
  constructor(private readonly settings: BoardSettings) {}

  member(member: unknown): string {
    assertMember(member, this.settings.maxMemberLength)
    return member
  }

  members(members: readonly string[]): string[] {
    if (!Array.isArray(members)) failWith(leaderboardErrors.INVALID_MEMBER, 'expected an array of member ids')
    return members.map((member) => this.member(member))
  }

  async submit(target: BoardTarget, items: readonly SubmitItem<TMetadata>[]): Promise<SubmitResult[]> {
    const itemArguments: ScriptArgument[] = []
    for (const item of items) {
      const member = this.member(item?.member)
      const score = toScore(item.score, member)
      itemArguments.push(
        member,
        redisNumber(score),
        encodeMetadata(item.metadata, this.settings.maxMetadataLength),
      )
    }
    if (items.length === 0) return []
    const { update, tieBreak } = this.settings
    const reply = await this.run(submitScript, target, [
      ...this.header(target),
      update,
      tieBreak,
      ...itemArguments,
    ])
    if (reply[0] === SUBMIT_OUT_OF_RANGE) {
      const item = items[reply[1]]!
      failWith(
        leaderboardErrors.SCORE_OUT_OF_RANGE,
        `adding ${item.score} to the score of ${JSON.stringify(item.member)} leaves the finite numbers; nothing was written`,
      )
    }
    return reply[1].map(([member, score, rank, reachedAt, changed, previous]) => ({
      member,
      score: decodeScore(score),
      rank,
      reachedAt,
      changed: changed === 1,
      previousScore: previous === null ? undefined : decodeScore(previous),
    }))
  }

  async entries(
    target: BoardTarget,
    members: readonly string[],
  ): Promise<(LeaderboardEntry<TMetadata> | undefined)[]> {
    const checked = this.members(members)
    if (checked.length === 0) return []
    const rows = await this.run(readMembersScript, target, [...this.header(target), ...checked])
    return rows.map((row) => (row === null ? undefined : this.entry(row)))
  }

  /**
   * Positions `start..stop`, with the board size when `withTotal`. An ordinal board read without
   * details and without the size is a bare `ZRANGE`: ranks are positions, names follow the tie key.
   */
  async range<TFields extends EntryField>(
    target: BoardTarget,
    start: number,
    stop: number,
    fields: EntryFields,
    withTotal: boolean,
  ): Promise<EntryRange<TMetadata, TFields>> {
    const { order, rankMode, store } = this.settings
    if (rankMode === 'ordinal' && !fields.reachedAt && !fields.metadata && !withTotal) {
      const rows = await store.run(scoredRowsScript, [target.keys[0]], [order, start, stop])
      return {
        total: -1,
        entries: scoredEntries<TMetadata>(rows, start) as LeaderboardEntry<TMetadata, TFields>[],
      }
    }
    const flags = [flag(fields.reachedAt), flag(fields.metadata), flag(withTotal)]
    const reply = await this.run(rangeScript, target, [...this.header(target), ...flags, start, stop])
    return { total: reply[0], entries: rangeEntries(reply, rankMode, fields) }
  }

  /** The member and its neighbours; on an ordinal board without details, a bare window of rows. */
  async around<TFields extends EntryField>(
    target: BoardTarget,
    member: string,
    distance: number,
    fillBorders: boolean,
    fields: EntryFields,
  ): Promise<LeaderboardEntry<TMetadata, TFields>[]> {
    const checked = this.member(member)
    const { order, rankMode, store } = this.settings
    if (rankMode === 'ordinal' && !fields.reachedAt && !fields.metadata) {
      const [scoresKey, entriesKey] = target.keys
      const args = [order, checked, distance, distance, flag(fillBorders)]
      const [start, rows] = await store.run(aroundRowsScript, [scoresKey, entriesKey], args)
      return scoredEntries<TMetadata>(rows, start) as LeaderboardEntry<TMetadata, TFields>[]
    }
    const args = [
      ...this.header(target),
      flag(fields.reachedAt),
      flag(fields.metadata),
      checked,
      distance,
      distance,
      flag(fillBorders),
    ]
    return rangeEntries(await this.run(aroundScript, target, args), rankMode, fields)
  }

  async count(target: BoardTarget): Promise<number> {
    return this.run(countScript, target, this.header(target))
  }

  async remove(target: BoardTarget, members: readonly string[]): Promise<number> {
    const checked = this.members(members)
    if (checked.length === 0) return 0
    return this.run(removeScript, target, [...this.header(target), ...checked])
  }

  async setMetadata(target: BoardTarget, member: string, metadata: TMetadata): Promise<boolean> {
    const checked = this.member(member)
    const json = encodeMetadata(metadata, this.settings.maxMetadataLength)
    if (json === '') failWith(leaderboardErrors.INVALID_METADATA, 'metadata must not be undefined')
    return (await this.run(setMetadataScript, target, [...this.header(target), checked, json])) === 1
  }

  async clear(target: BoardTarget): Promise<void> {
    await this.run(clearScript, target, this.header(target))
  }

  private header(target: BoardTarget): ScriptArgument[] {
    return [this.settings.order, this.settings.rankMode, target.expiry[0], target.expiry[1]]
  }

  private async run<TResult>(
    script: AtomicScript<TResult>,
    target: BoardTarget,
    args: ScriptArgument[],
  ): Promise<TResult> {
    return await this.settings.store.run(script, target.keys, args)
  }

  private entry([member, score, rank, reachedAt, metadata]: EntryRow): LeaderboardEntry<TMetadata> {
    return {
      member,
      score: decodeScore(score),
      rank,
      reachedAt,
      metadata: metadata === null ? undefined : (JSON.parse(metadata) as TMetadata),
    }
  }
}

function flag(on: boolean): string {
  return on ? '1' : '0'
}
