/** Options of {@link clientIp}. */
export interface ClientIpOptions {
  /**
   * How many proxies you run in front of the app (load balancer, CDN), each appending the address it
   * received from to `x-forwarded-for`. Everything left of what they appended came from the client
   * and may be forged, so only their entries are read.
   * @default 0 (nothing in the request is trusted: the answer is `undefined`)
   */
  trustedHops?: number
}

/**
 * The client's IP address as your own proxies saw it: the `x-forwarded-for` entry appended by the
 * outermost of `trustedHops` proxies. `undefined` when there are none or the header is too short
 * (Next 15 and 16 have no `request.ip`).
 *
 * @example
 * ```ts
 * clientIp(request, { trustedHops: 1 }) // behind one load balancer
 * ```
 */
export function clientIp(request: Request, options: ClientIpOptions = {}): string | undefined {
  const hops = options.trustedHops ?? 0
  if (!Number.isInteger(hops) || hops <= 0) return undefined
  const header = request.headers.get('x-forwarded-for')
  if (header === null) return undefined
  const addresses = header
    .split(',')
    .map((address) => address.trim())
    .filter((address) => address.length > 0)
  return addresses.length >= hops ? addresses[addresses.length - hops] : undefined
}
