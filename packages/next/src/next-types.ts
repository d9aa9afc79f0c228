// Next.js's cache handler shapes, written out structurally: Next does not export them from a public
// entry point, and its internal paths move between releases. Checked against next 15.5 and 16.x
// (`server/lib/incremental-cache`, `server/response-cache/types.ts`, `server/lib/cache-handlers`).

/** A route's cache lifetime in seconds (`false`: never revalidated by time). */
export interface NextCacheControl {
  revalidate: number | false
  expire: number | undefined
}

/** A value of the incremental cache: pages, routes, fetches, redirects and images. */
export type IncrementalCacheValue =
  | { kind: 'FETCH'; data: unknown; tags?: string[]; revalidate: number }
  | { kind: 'REDIRECT'; props: object }
  | {
      kind: 'APP_PAGE'
      html: string
      rscData: Buffer | undefined
      headers: Record<string, unknown> | undefined
      postponed: string | undefined
      status: number | undefined
      segmentData: Map<string, Buffer> | undefined
    }
  | {
      kind: 'PAGES'
      html: string
      pageData: object
      headers: Record<string, unknown> | undefined
      status: number | undefined
    }
  | { kind: 'APP_ROUTE'; body: Buffer; status: number; headers: Record<string, unknown> }
  | {
      kind: 'IMAGE'
      etag: string
      upstreamEtag: string
      buffer: Buffer
      extension: string
      [field: string]: unknown
    }

/** What `get` answers Next's incremental cache. */
export interface IncrementalCacheHandlerValue {
  /** When the value was rendered (ms); Next measures its age, and so its staleness, from it. */
  lastModified: number
  value: IncrementalCacheValue | null
  cacheControl?: NextCacheControl
}

/** The second argument of the incremental cache handler's `get`. */
export interface IncrementalGetContext {
  kind: string
  revalidate?: number | false
  tags?: string[]
  softTags?: string[]
  [field: string]: unknown
}

/** The third argument of the incremental cache handler's `set`. */
export interface IncrementalSetContext {
  fetchCache?: boolean
  tags?: string[]
  revalidate?: number | false
  cacheControl?: NextCacheControl
  [field: string]: unknown
}

/** An entry of a `'use cache'` handler (`cacheHandlers`). Times in seconds, `timestamp` in ms. */
export interface UseCacheEntry {
  value: ReadableStream<Uint8Array>
  tags: string[]
  stale: number
  timestamp: number
  expire: number
  revalidate: number
}
