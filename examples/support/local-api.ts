import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

/** A real HTTP API on a local port that answers slowly (30 ms) and counts its requests. */
export async function startLocalApi(): Promise<{
  url: string
  requests: () => number
  close: () => Promise<void>
}> {
  let requests = 0
  const server = createServer((request, response) => {
    requests++
    setTimeout(() => {
      const city = decodeURIComponent(request.url?.split('/').pop() ?? '')
      response.setHeader('content-type', 'application/json')
      response.end(
        JSON.stringify({ city, temperature: 10 + (city.length % 15), observedAt: new Date().toISOString() }),
      )
    }, 30)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    requests: () => requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
