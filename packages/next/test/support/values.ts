import type { IncrementalCacheValue } from '../../src/index.js'

/** One value of every kind Next stores, with the binary parts and Maps that lesser handlers lose. */
export function valuesOfEveryKind(): Record<string, IncrementalCacheValue | null> {
  return {
    appPage: {
      kind: 'APP_PAGE',
      html: '<html><body>hello ü</body></html>',
      rscData: Buffer.from([0, 1, 2, 254, 255, 0x7b]),
      headers: { 'x-next-cache-tags': '_N_T_/layout,_N_T_/page,_N_T_/,products', 'x-custom': ['a', 'b'] },
      postponed: undefined,
      status: 200,
      segmentData: new Map([
        ['/_tree', Buffer.from('tree')],
        ['/_index', Buffer.from([9, 8, 7])],
      ]),
    },
    appRoute: {
      kind: 'APP_ROUTE',
      body: Buffer.from('{"ok":true}'),
      status: 201,
      headers: { 'content-type': 'application/json', 'x-next-cache-tags': '_N_T_/api/data' },
    },
    pages: {
      kind: 'PAGES',
      html: '<div>page</div>',
      pageData: { pageProps: { when: new Date(0).toISOString(), list: [1, null, 'x'] } },
      headers: undefined,
      status: undefined,
    },
    fetch: {
      kind: 'FETCH',
      data: {
        headers: { 'content-type': 'text/plain' },
        body: 'aGVsbG8=',
        url: 'https://example.com/x',
        status: 200,
      },
      tags: ['fetch-tag'],
      revalidate: 60,
    },
    redirect: { kind: 'REDIRECT', props: { destination: '/elsewhere', permanent: false } },
    image: {
      kind: 'IMAGE',
      etag: 'abc',
      upstreamEtag: 'def',
      buffer: Buffer.from([137, 80, 78, 71]),
      extension: 'png',
      revalidate: 3600,
    },
    notFound: null,
  }
}
