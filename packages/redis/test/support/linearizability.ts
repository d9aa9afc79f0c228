// A linearizability checker in the style of Wing & Gong with Lowe's memoisation (the "WGL"
// algorithm): search for an order of the operations that respects which one finished before
// another started and in which each operation's result is what a sequential model allows.

/** One operation of a history, as the checker sees it. */
export interface CheckedOperation<State> {
  /** The states the operation may leave when applied to `state`; none when its result is impossible there. */
  apply(state: State): readonly State[]
}

/** Why a history is not linearizable: the operations no order can explain, and how far the search got. */
export interface Refutation {
  /** The most operations any order managed to place before getting stuck. */
  readonly longestPrefix: readonly number[]
}

/**
 * Finds an order of `operations` that extends `precedes` (a strict partial order: `precedes(a, b)`
 * when `a` must take effect before `b`) and in which every operation is allowed by the model,
 * starting from `initial`. Returns `undefined` when one exists, else a {@link Refutation}.
 * `stateKey` identifies equal states, for the memo. Up to a few dozen operations per call.
 */
export function refuteLinearizability<State>(
  operations: readonly CheckedOperation<State>[],
  precedes: (before: number, after: number) => boolean,
  initial: State,
  stateKey: (state: State) => string,
): Refutation | undefined {
  const count = operations.length
  // predecessors[i]: the operations that must be placed before operation i.
  const predecessors = operations.map((_, after) => {
    let mask = 0n
    for (let before = 0; before < count; before++)
      if (before !== after && precedes(before, after)) mask |= 1n << BigInt(before)
    return mask
  })
  const everything = (1n << BigInt(count)) - 1n
  const failed = new Set<string>()
  let longest: number[] = []
  const order: number[] = []

  const search = (placed: bigint, state: State): boolean => {
    if (placed === everything) return true
    const memo = `${placed.toString(36)}|${stateKey(state)}`
    if (failed.has(memo)) return false
    for (let index = 0; index < count; index++) {
      const bit = 1n << BigInt(index)
      if ((placed & bit) !== 0n || (predecessors[index]! & ~placed) !== 0n) continue
      for (const next of operations[index]!.apply(state)) {
        order.push(index)
        if (order.length > longest.length) longest = [...order]
        if (search(placed | bit, next)) return true
        order.pop()
      }
    }
    failed.add(memo)
    return false
  }
  return search(0n, initial) ? undefined : { longestPrefix: longest }
}
