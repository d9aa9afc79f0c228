/** True when `A` and `B` are the same type (not merely assignable one way). */
export type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false

/** Compiles only when `Condition` is `true`: `expectType<Equal<typeof value, string>>()`. */
export function expectType<Condition extends true>(): Condition | undefined {
  return undefined
}
