import type { ScriptReply } from '@layercache/core/store'

/** Redis TIME and the memory store's Date.now(), read a few ms apart on one machine. */
export const CLOCK_TOLERANCE = 1000
const REACHED_AT = 3

type Comparator = (lua: ScriptReply, local: ScriptReply) => boolean

function rowsAt(index: number) {
  return (reply: ScriptReply): ScriptReply[] => {
    const rows = (reply as ScriptReply[])[index]
    return Array.isArray(rows) ? rows : []
  }
}

/** Equal replies, except the reachedAt of each row, which may differ by {@link CLOCK_TOLERANCE}. */
function equalUpToTimes(rowsOf: (reply: ScriptReply) => ScriptReply[]): Comparator {
  const withoutTimes = (reply: ScriptReply) => {
    const copy = structuredClone(reply)
    for (const row of rowsOf(copy)) (row as ScriptReply[])[REACHED_AT] = 0
    return JSON.stringify(copy)
  }
  return (lua, local) => {
    const luaRows = rowsOf(lua)
    const localRows = rowsOf(local)
    if (luaRows.length !== localRows.length) return false
    const timesClose = luaRows.every((row, index) => {
      const luaTime = (row as number[])[REACHED_AT]!
      const localTime = (localRows[index] as number[])[REACHED_AT]!
      return Math.abs(luaTime - localTime) <= CLOCK_TOLERANCE
    })
    return timesClose && withoutTimes(lua) === withoutTimes(local)
  }
}

/**
 * `ZRANGE ... WITHSCORES` rows: members exactly, scores as numbers (Redis prints %.17g or its
 * shortest text, the memory store `String(score)`; both parse back to the same double).
 */
function sameScoredRows(lua: ScriptReply, local: ScriptReply): boolean {
  const luaRows = lua as string[]
  const localRows = local as string[]
  return (
    luaRows.length === localRows.length &&
    luaRows.every((text, index) =>
      index % 2 === 0 ? text === localRows[index] : Object.is(Number(text) + 0, Number(localRows[index]) + 0),
    )
  )
}

/** Range replies: the same rows, reachedAt within {@link CLOCK_TOLERANCE}, everything else exactly. */
const sameRange: Comparator = (lua, local) => {
  const [luaTotal, luaStart, luaRank, luaRows, luaTimes, luaMetadata] = lua as ScriptReply[]
  const [localTotal, localStart, localRank, localRows, localTimes, localMetadata] = local as ScriptReply[]
  const times = [luaTimes as number[], localTimes as number[]]
  return (
    JSON.stringify([luaTotal, luaStart, luaRank, luaMetadata]) ===
      JSON.stringify([localTotal, localStart, localRank, localMetadata]) &&
    sameScoredRows(luaRows!, localRows!) &&
    times[0]!.length === times[1]!.length &&
    times[0]!.every((time, index) => Math.abs(time - times[1]![index]!) <= CLOCK_TOLERANCE)
  )
}

/** PTTLs: -2 and -1 exactly, remaining times within {@link CLOCK_TOLERANCE}. */
const lifetimesClose: Comparator = (lua, local) => {
  const luaLifetimes = lua as number[]
  const localLifetimes = local as number[]
  return (
    luaLifetimes.length === localLifetimes.length &&
    luaLifetimes.every((lifetime, index) => {
      const other = localLifetimes[index]!
      return lifetime < 0 || other < 0 ? lifetime === other : Math.abs(lifetime - other) <= CLOCK_TOLERANCE
    })
  )
}

/** How the replies of each script are compared; scripts not listed must be equal exactly. */
export const replyComparators: Record<string, Comparator> = {
  'leaderboard-submit': equalUpToTimes(rowsAt(1)),
  'leaderboard-read-members': equalUpToTimes((reply) =>
    (reply as ScriptReply[]).filter((row) => row !== null),
  ),
  'leaderboard-scored-rows': sameScoredRows,
  'leaderboard-around-rows': (lua, local) => {
    const [luaStart, luaRows] = lua as [number, string[]]
    const [localStart, localRows] = local as [number, string[]]
    return luaStart === localStart && sameScoredRows(luaRows, localRows)
  },
  'leaderboard-range': sameRange,
  'leaderboard-around': sameRange,
  'leaderboard-test-key-lifetimes': lifetimesClose,
}
