import type { Redis } from 'ioredis'

/** What one read cost Redis, from `INFO commandstats` around a run of reads on a private server. */
export interface RedisSideCost {
  /** Commands per read, by name (`get`, `mget`, `evalsha`...); commands scripts ran count too. */
  readonly commandsPerRead: Readonly<Record<string, number>>
  /** Microseconds of Redis CPU per read, over every command. */
  readonly microsecondsPerRead: number
}

function commandStats(info: string): Map<string, { calls: number; usec: number }> {
  const stats = new Map<string, { calls: number; usec: number }>()
  for (const match of info.matchAll(/^cmdstat_([^:]+):calls=(\d+),usec=(\d+)/gm)) {
    stats.set(match[1]!, { calls: Number(match[2]), usec: Number(match[3]) })
  }
  return stats
}

/**
 * Runs `reads` reads one after the other and reports what they cost Redis. Only meaningful on a
 * server nobody else uses (the benchmarks start their own): `INFO commandstats` counts everyone's
 * commands. The INFO calls themselves are left out.
 */
export async function measureRedisSideCost(
  admin: Redis,
  reads: number,
  read: (index: number) => Promise<unknown>,
): Promise<RedisSideCost> {
  const before = commandStats(await admin.info('commandstats'))
  for (let index = 0; index < reads; index++) await read(index)
  const after = commandStats(await admin.info('commandstats'))
  const commandsPerRead: Record<string, number> = {}
  let usec = 0
  for (const [name, total] of after) {
    if (name === 'info') continue
    const earlier = before.get(name) ?? { calls: 0, usec: 0 }
    if (total.calls === earlier.calls) continue
    commandsPerRead[name] = (total.calls - earlier.calls) / reads
    usec += total.usec - earlier.usec
  }
  return { commandsPerRead, microsecondsPerRead: usec / reads }
}

/** `get 1, evalsha 0.5` for a table cell. */
export function formatCommands(commandsPerRead: Readonly<Record<string, number>>): string {
  // Below one command in 200 reads is background (a bus heartbeat), not the read.
  return Object.entries(commandsPerRead)
    .filter(([, count]) => count >= 0.005)
    .map(([name, count]) => `${name} ${Number(count.toFixed(2))}`)
    .join(', ')
}
