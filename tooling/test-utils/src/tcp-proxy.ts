// A TCP proxy the fault tests control: pass traffic, swallow it (a hung server) or refuse it (a dead
// one). It forwards any TCP protocol, so it stands in front of Redis or the Upstash REST server alike.
import type { AddressInfo } from 'node:net'
import { connect, createServer, type Server, type Socket } from 'node:net'

/** How the proxy treats traffic: pass it, swallow it (a hung server), or refuse it (a dead one). */
export type ProxyMode = 'pass' | 'blackhole' | 'refuse'

/** A TCP proxy in front of a server, whose path the test cuts and restores. */
export interface TcpProxy {
  /** The target URL with host and port replaced by the proxy's (`redis://…`, `http://…`). */
  url: string
  setMode(mode: ProxyMode): void
  close(): Promise<void>
}

/** Starts a proxy on a free local port forwarding to `target` (`redis://host:port`, `http://host:port`). */
export async function startTcpProxy(target: string): Promise<TcpProxy> {
  const { hostname, port } = new URL(target)
  let mode: ProxyMode = 'pass'
  const pairs = new Set<[Socket, Socket | undefined]>()
  const destroyAll = () => {
    for (const [client, upstream] of pairs) {
      client.destroy()
      upstream?.destroy()
    }
    pairs.clear()
  }
  const server: Server = createServer((client) => {
    if (mode === 'refuse') {
      client.destroy()
      return
    }
    const upstream = mode === 'pass' ? connect(Number(port || 6379), hostname) : undefined
    const pair: [Socket, Socket | undefined] = [client, upstream]
    pairs.add(pair)
    const drop = () => {
      client.destroy()
      upstream?.destroy()
      pairs.delete(pair)
    }
    client.on('error', drop).on('close', drop)
    upstream?.on('error', drop).on('close', drop)
    client.on('data', (chunk) => {
      if (mode === 'pass') upstream?.write(chunk)
    })
    upstream?.on('data', (chunk) => {
      if (mode === 'pass') client.write(chunk)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = new URL(target)
  url.hostname = '127.0.0.1'
  url.port = String((server.address() as AddressInfo).port)
  return {
    url: url.toString().replace(/\/$/, ''),
    setMode(next) {
      const previous = mode
      mode = next
      // A dead server drops every connection; a hung one keeps them open and silent. When a hang
      // ends, its connections are reset, as after a partition TCP gave up on: the requests the
      // blackhole swallowed would otherwise leave the client matching replies to the wrong commands.
      if (next === 'refuse' || (previous === 'blackhole' && next === 'pass')) destroyAll()
    },
    close: () =>
      new Promise<void>((resolve) => {
        destroyAll()
        server.close(() => resolve())
      }),
  }
}
