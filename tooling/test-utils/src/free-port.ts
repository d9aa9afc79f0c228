import { createServer } from 'node:net'

/** Redis Cluster talks to its peers on the client port plus this offset; both must be free. */
export const CLUSTER_BUS_PORT_OFFSET = 10000

const HIGHEST_PORT = 65535
const MAX_ATTEMPTS = 50

/**
 * A TCP port on 127.0.0.1 that was free a moment ago, found by letting the OS pick one (binding
 * port 0). Another process can still take it before we do, so callers retry on a bind failure.
 *
 * @param options.clusterBus also require `port + 10000` to be free, for a Redis Cluster node.
 * @example
 * ```ts
 * const port = await findFreePort({ clusterBus: true })
 * ```
 */
export async function findFreePort(options: { clusterBus?: boolean } = {}): Promise<number> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const port = await bindAndRelease(0)
    if (port === undefined) continue
    if (!options.clusterBus) return port
    const busPort = port + CLUSTER_BUS_PORT_OFFSET
    if (busPort <= HIGHEST_PORT && (await bindAndRelease(busPort)) !== undefined) return port
  }
  throw new Error(`No free local port found after ${MAX_ATTEMPTS} attempts`)
}

/** Binds the port on 127.0.0.1 and releases it; `undefined` when it is taken. */
function bindAndRelease(port: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const server = createServer()
    server.unref()
    server.once('error', () => resolve(undefined))
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => {
      const address = server.address()
      const bound = typeof address === 'object' && address ? address.port : undefined
      server.close(() => resolve(bound))
    })
  })
}
