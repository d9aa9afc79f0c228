// lib/session.ts
import type { Cache } from '@layercache/core'
import { createCookieSessions } from '@layercache/next'

declare const makeCache: () => Cache // lib/cache.ts, above

export const sessions = createCookieSessions<{ cart: string[] }>({ cache: makeCache, ttl: '30m' })

// In a server action or route handler (they may set cookies):
export async function signIn(userId: string) {
  'use server'
  await sessions.commitSession({ userId, data: { cart: [] } })
}
// In a server component: `const session = await sessions.getSession()` (undefined when signed out)
