import type { AddressInfo } from 'node:net'
import { connect, createServer, type Server, type Socket } from 'node:net'

/** How the proxy treats traffic: pass it, swallow it (a hung server), or refuse it (a dead one). */
export type ProxyMode = 'pass' | 'blackhole' | 'refuse'

/** A TCP proxy in front of Redis whose path the test cuts and restores. */
export interface TcpProxy {
  url: string
  setMode(mode: ProxyMode): void
  close(): Promise<void>
}

/** Starts a proxy on a free local port forwarding to `target` (`redis://host:port`). */
export async function startTcpProxy(target: string): Promise<TcpProxy> {
  const { hostname, port } = new URL(target)
  let mode: ProxyMode = 'pass'
  const pairs = new Set<[Socket, Socket | undefined]>()
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
  return {
    url: `redis://127.0.0.1:${(server.address() as AddressInfo).port}`,
    setMode(next) {
      // Connections that lived through a blackhole lost commands mid-stream: the client would match
      // later replies to them. Like a real network failure, they end.
      const wasBlackhole = mode === 'blackhole'
      mode = next
      if (next === 'refuse' || wasBlackhole) {
        for (const [client, upstream] of pairs) {
          client.destroy()
          upstream?.destroy()
        }
        pairs.clear()
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const [client, upstream] of pairs) {
          client.destroy()
          upstream?.destroy()
        }
        server.close(() => resolve())
      }),
  }
}
