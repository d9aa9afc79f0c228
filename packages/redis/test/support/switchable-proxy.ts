import type { AddressInfo } from 'node:net'
import { connect, createServer, type Socket } from 'node:net'

/** A TCP forwarder whose target can be changed: the test's Redis can be replaced by a new one. */
export interface SwitchableProxy {
  /** `redis://127.0.0.1:<port>` of the forwarder. */
  readonly url: string
  /** Forwards new connections to `target` (`redis://host:port`) and drops those to the old one. */
  switchTo(target: string): void
  close(): Promise<void>
}

/** Options of {@link startSwitchableProxy}. */
export interface SwitchableProxyOptions {
  /**
   * Holds each chunk of a reply back by up to this many milliseconds, at random, keeping the order
   * within a connection: replies on one connection of a client and messages on another (its bus
   * subscription) then race as on a busy network. @default 0
   */
  replyJitter?: number
}

/** Starts a forwarder to `target` on a free port of 127.0.0.1. */
export async function startSwitchableProxy(
  target: string,
  options: SwitchableProxyOptions = {},
): Promise<SwitchableProxy> {
  const jitter = options.replyJitter ?? 0
  let current = new URL(target)
  const sockets = new Set<Socket>()
  const dropAll = () => {
    for (const socket of sockets) socket.destroy()
    sockets.clear()
  }
  const server = createServer((client) => {
    const upstream = connect(Number(current.port), current.hostname)
    for (const socket of [client, upstream]) {
      sockets.add(socket)
      socket.on('error', () => {})
      socket.on('close', () => {
        sockets.delete(socket)
        client.destroy()
        upstream.destroy()
      })
    }
    client.pipe(upstream)
    if (jitter === 0) {
      upstream.pipe(client)
      return
    }
    // Chunks wait in order; each leaves at its own random time, never before the one ahead of it.
    const queue: { chunk: Buffer; at: number }[] = []
    let pump: ReturnType<typeof setTimeout> | undefined
    const release = () => {
      pump = undefined
      while (queue.length > 0 && queue[0]!.at <= Date.now()) client.write(queue.shift()!.chunk)
      if (queue.length > 0) pump = setTimeout(release, queue[0]!.at - Date.now())
    }
    upstream.on('data', (chunk: Buffer) => {
      const previous = queue.at(-1)?.at ?? 0
      queue.push({ chunk, at: Math.max(previous, Date.now() + Math.random() * jitter) })
      pump ??= setTimeout(release, queue[0]!.at - Date.now())
    })
    upstream.on('close', () => clearTimeout(pump))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `redis://127.0.0.1:${(server.address() as AddressInfo).port}`,
    switchTo(next) {
      current = new URL(next)
      dropAll()
    },
    close: () =>
      new Promise<void>((resolve) => {
        dropAll()
        server.close(() => resolve())
      }),
  }
}
