import { connect } from 'node:net'

/** Where a Redis server listens. */
export interface RedisAddress {
  host: string
  port: number
}

/**
 * Whether a Redis at `address` answers PING with PONG within `timeoutMs`. Speaks RESP over a raw
 * socket so that probing a port where nothing listens stays silent (no client error events) and
 * fast. A Redis that wants a password answers NOAUTH, which counts as not answering.
 *
 * @example
 * ```ts
 * if (await pingRedis({ host: '127.0.0.1', port: 6379 })) console.log('up')
 * ```
 */
export function pingRedis(address: RedisAddress, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(address.port, address.host)
    let reply = ''
    const finish = (answered: boolean) => {
      clearTimeout(timer)
      socket.destroy()
      resolve(answered)
    }
    const timer = setTimeout(() => finish(false), timeoutMs)
    socket.once('connect', () => socket.write('PING\r\n'))
    socket.once('error', () => finish(false))
    socket.on('data', (chunk) => {
      reply += chunk.toString('latin1')
      if (reply.includes('\r\n')) finish(reply.startsWith('+PONG'))
    })
  })
}
