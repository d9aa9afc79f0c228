/**
 * The distinct lifetimes of a memory store's entries: how long before `expiresAt` each was created
 * (`age`) and how long its grace lasts after it. A cache writes most entries with a handful of TTLs
 * and graces, so an entry keeps one byte naming its profile instead of two more times.
 */
export class LifetimeProfiles {
  private readonly ages: Float64Array
  private readonly graces: Float64Array
  private readonly uses: Uint32Array
  private readonly byAge = new Map<number, Map<number, number>>()
  private readonly freeIds: number[] = []
  private issued = 0
  /** The profile used last: most writes repeat it. */
  private recent = 0

  /** @param limit how many profiles may be in use at once. */
  constructor(private readonly limit: number) {
    this.ages = new Float64Array(limit)
    this.graces = new Float64Array(limit)
    this.uses = new Uint32Array(limit)
  }

  /**
   * Takes a use of the profile that gives back exactly `createdAt` and `staleUntil` from `expiresAt`;
   * `undefined` when no profile can (rounding, `-0`) or all are taken.
   */
  acquire(createdAt: number, expiresAt: number, staleUntil: number): number | undefined {
    const age = expiresAt - createdAt
    const grace = staleUntil - expiresAt
    let id: number | undefined = this.recent
    if (this.uses[id] === 0 || this.ages[id] !== age || this.graces[id] !== grace) {
      id = this.byAge.get(age)?.get(grace) ?? this.create(age, grace)
      if (id === undefined) return undefined
    }
    if (
      !Object.is(this.createdAt(id, expiresAt), createdAt) ||
      !Object.is(this.staleUntil(id, expiresAt), staleUntil)
    ) {
      if (this.uses[id] === 0) this.free(id)
      return undefined
    }
    this.uses[id]!++
    this.recent = id
    return id
  }

  release(id: number): void {
    if (--this.uses[id]! === 0) this.free(id)
  }

  createdAt(id: number, expiresAt: number): number {
    return expiresAt - this.ages[id]!
  }

  staleUntil(id: number, expiresAt: number): number {
    return expiresAt + this.graces[id]!
  }

  private create(age: number, grace: number): number | undefined {
    const id = this.freeIds.pop() ?? (this.issued < this.limit ? this.issued++ : undefined)
    if (id === undefined) return undefined
    this.ages[id] = age
    this.graces[id] = grace
    let byGrace = this.byAge.get(age)
    if (byGrace === undefined) this.byAge.set(age, (byGrace = new Map()))
    byGrace.set(grace, id)
    return id
  }

  private free(id: number): void {
    const byGrace = this.byAge.get(this.ages[id]!)
    byGrace?.delete(this.graces[id]!)
    if (byGrace?.size === 0) this.byAge.delete(this.ages[id]!)
    this.freeIds.push(id)
  }
}
