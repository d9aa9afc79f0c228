import type { RedisCommand, RedisDriver } from '../driver/redis-driver.js'

const SCAN_COUNT = 500

/**
 * Deletes every key matching the patterns on every master, with SCAN (never KEYS) and one UNLINK per
 * key on a cluster (keys of one node may sit in different slots). Returns how many entry keys were
 * deleted; tag records and script keys under the prefix go too but are not counted.
 */
export async function deleteByPatterns(
  driver: RedisDriver,
  patterns: { entries: string; tags: string; scripts: string },
): Promise<number> {
  let deletedEntries = 0
  await driver.forEachMaster(async (call) => {
    for (const [kind, pattern] of Object.entries(patterns)) {
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
        const counts = await Promise.all(commands.map((command) => call(command)))
        if (kind === 'entries')
          deletedEntries += counts.reduce<number>((total, count) => total + Number(count), 0)
      } while (cursor !== '0')
    }
  })
  return deletedEntries
}
