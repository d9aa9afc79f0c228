/** Past this many recorded keys, records no read in flight can need are dropped. */
const PRUNE_THRESHOLD = 4_096

/**
 * Which keys changed while reads and loads were in flight, so that a late reply never writes an old
 * value into a local layer after a newer write or a deletion made by this process or announced on
 * the bus. A read takes a token when it starts ({@link ChangeLog.begin}); before it back-fills or
 * stores a loaded value it asks whether its key changed since ({@link ChangeLog.changedSince}).
 *
 * Changes are only recorded while some read is open, and records no open read can need are dropped,
 * so the log stays empty on an idle cache and small on a busy one.
 */
export class ChangeLog {
  /** Numbers changes; a token is the number of the last change before the read began. */
  private sequence = 0
  private readonly keys = new Map<string, number>()
  private prefixes: { prefix: string; at: number }[] = []
  /** The last change that touched every key (local layers emptied or distrusted). */
  private everything = 0
  /** Tokens of the open reads (ascending, since tokens never decrease), with how many hold each. */
  private readonly open = new Map<number, number>()

  /** Starts a read; pass the token to {@link ChangeLog.changedSince} and then to {@link ChangeLog.end}. */
  begin(): number {
    const token = this.sequence
    this.open.set(token, (this.open.get(token) ?? 0) + 1)
    return token
  }

  /** Ends a read started with {@link ChangeLog.begin}. */
  end(token: number): void {
    const holders = this.open.get(token)
    if (holders === undefined) return
    if (holders > 1) {
      this.open.set(token, holders - 1)
      return
    }
    this.open.delete(token)
    if (this.open.size === 0) {
      this.keys.clear()
      this.prefixes = []
    }
  }

  /** True when `fullKey` was written, deleted or dropped after the read holding `token` began. */
  changedSince(token: number, fullKey: string): boolean {
    if (this.everything > token) return true
    const at = this.keys.get(fullKey)
    if (at !== undefined && at > token) return true
    for (const change of this.prefixes)
      if (change.at > token && fullKey.startsWith(change.prefix)) return true
    return false
  }

  /** True while some read is open: only then are changes recorded (so callers can skip building keys). */
  get recording(): boolean {
    return this.open.size > 0
  }

  /** Records that `fullKeys` changed. */
  keysChanged(fullKeys: readonly string[]): void {
    if (this.open.size === 0) return
    const at = ++this.sequence
    for (const fullKey of fullKeys) this.keys.set(fullKey, at)
    if (this.keys.size > PRUNE_THRESHOLD) this.prune()
  }

  /** Records that every key starting with `prefix` changed. */
  prefixChanged(prefix: string): void {
    if (this.open.size === 0) return
    this.prefixes.push({ prefix, at: ++this.sequence })
    if (this.prefixes.length > PRUNE_THRESHOLD) this.prune()
  }

  /** Records that every key changed. */
  everythingChanged(): void {
    this.everything = ++this.sequence
  }

  /** Drops records older than the oldest open read. */
  private prune(): void {
    const oldest = this.open.keys().next().value
    if (oldest === undefined) return
    for (const [fullKey, at] of this.keys) if (at <= oldest) this.keys.delete(fullKey)
    this.prefixes = this.prefixes.filter((change) => change.at > oldest)
  }
}
