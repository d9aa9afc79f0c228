import type { RedisCommand, RedisDriver } from '../driver/redis-driver.js'
import type { PrefixScan } from './key-layout.js'
import { runScripts } from './script-runner.js'

const SCAN_COUNT = 500

type ScriptCall = Parameters<typeof runScripts>[1][number]

/**
 * Finds every key of `scan` on every master with SCAN (never KEYS), keeps those that truly belong to
 * it (a glob alone cannot tell a shard tag from the same characters inside another key), and hands
 * each batch to the script calls `callsFor` makes of it. Returns the sum of the scripts' replies.
 */
export async function deleteByPattern(
  driver: RedisDriver,
  scan: PrefixScan,
  callsFor: (keys: readonly string[]) => ScriptCall[],
): Promise<number> {
  let total = 0
  await driver.forEachMaster(async (call) => {
    let cursor = '0'
    do {
      const [next, found] = (await call(['SCAN', cursor, 'MATCH', scan.pattern, 'COUNT', SCAN_COUNT])) as [
        string,
        string[],
      ]
      cursor = String(next)
      const keys = found.filter(scan.matches)
      if (keys.length === 0) continue
      for (const reply of await runScripts(driver, callsFor(keys))) {
        if (reply instanceof Error) throw reply
        total += Number(reply)
      }
    } while (cursor !== '0')
  })
  return total
}

/**
 * Unlinks every key matching `pattern` on every master (SCAN, never KEYS; one UNLINK per key on a
 * cluster, where the keys of one node may sit in different slots). Returns how many were deleted.
 */
export async function unlinkByPattern(driver: RedisDriver, pattern: string): Promise<number> {
  let deleted = 0
  await driver.forEachMaster(async (call) => {
    let cursor = '0'
    do {
      const [next, keys] = (await call(['SCAN', cursor, 'MATCH', pattern, 'COUNT', SCAN_COUNT])) as [
        string,
        string[],
      ]
      cursor = String(next)
      if (keys.length === 0) continue
      const commands: RedisCommand[] = driver.cluster
        ? keys.map((key) => ['UNLINK', key] as const)
        : [['UNLINK', ...keys]]
      for (const count of await Promise.all(commands.map((command) => call(command))))
        deleted += Number(count)
    } while (cursor !== '0')
  })
  return deleted
}
