/**
 * The five keys of one board (or one period of a periodic board), in the order the scripts expect:
 * scores, entries, metadata, sequence, distinct scores. They share one Redis Cluster hash tag.
 */
export type BoardKeys = readonly [string, string, string, string, string]

/**
 * `<prefix>{<name>}:scores` for a board without period, `<prefix>{<name>:<period id>}:scores` for
 * one period, so each period of a periodic board may live on a different cluster node.
 *
 * @example
 * ```ts
 * boardKeys('lb:', 'arcade', 'daily:2024-03-10')[0] // 'lb:{arcade:daily:2024-03-10}:scores'
 * ```
 */
export function boardKeys(prefix: string, name: string, periodId?: string): BoardKeys {
  const base = `${prefix}{${periodId === undefined ? name : `${name}:${periodId}`}}:`
  return [`${base}scores`, `${base}entries`, `${base}metadata`, `${base}sequence`, `${base}distinct`]
}
