import { invalidOption } from './errors.js'
import type { Limiter } from './limiter.js'
import { substituteResponse } from './reply.js'
import type { RateLimitResponse } from './response.js'
import { SETTLED } from './store-call.js'
import { checkIdentifier } from './validation.js'

/**
 * A list of identifiers: any iterable of strings (a `Set` is consulted live, so adding to it later
 * takes effect; other iterables are copied once), or a predicate. The entries given are checked like
 * identifiers when the RateLimit is made (`E_INVALID_KEY`): one `limit` would refuse could never match.
 */
export type IdentifierList = Iterable<string> | ((identifier: string) => boolean)

/** Turns an {@link IdentifierList} into a predicate; `undefined` when no list was given. */
export function identifierMatcher(
  list: IdentifierList | undefined,
  what: string,
): ((identifier: string) => boolean) | undefined {
  if (list === undefined) return undefined
  if (typeof list === 'function') return list
  if (typeof list === 'string' || typeof (list as Iterable<string>)?.[Symbol.iterator] !== 'function') {
    invalidOption(`${what} must be an iterable of identifiers or a function, got ${typeof list}`)
  }
  const members = list instanceof Set ? list : new Set(list)
  for (const member of members) checkIdentifier(member, `an entry of ${what}`)
  return (identifier) => members.has(identifier)
}

/** The allow and deny lists of a RateLimit: answers for listed identifiers, without the store. */
export class IdentifierLists {
  private readonly allowed: ((identifier: string) => boolean) | undefined
  private readonly denied: ((identifier: string) => boolean) | undefined

  constructor(allowList: IdentifierList | undefined, denyList: IdentifierList | undefined) {
    this.allowed = identifierMatcher(allowList, 'allowList')
    this.denied = identifierMatcher(denyList, 'denyList')
  }

  /** The answer for a listed identifier (the deny list first), or `undefined` for everyone else. */
  answer(identifier: string, limiters: readonly Limiter[], now: number): RateLimitResponse | undefined {
    if (this.denied?.(identifier)) {
      const retryAfter = Number.POSITIVE_INFINITY
      return substituteResponse(limiters, {
        success: false,
        reason: 'blocked',
        now,
        pending: SETTLED,
        retryAfter,
      })
    }
    if (this.allowed?.(identifier)) {
      return substituteResponse(limiters, { success: true, reason: 'allowed', now, pending: SETTLED })
    }
    return undefined
  }
}
