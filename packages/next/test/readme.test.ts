// The README's code blocks are files of this package: the TypeScript ones are compiled by the
// typecheck (test/readme-snippets), the handler modules run in the end-to-end fixture app. This test
// keeps the README and those files identical.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

const root = new URL('../', import.meta.url)
const readme = readFileSync(new URL('README.md', root), 'utf8')
const blocks = [...readme.matchAll(/```(ts|js)\n([\s\S]*?)```/g)].map((match) => match[2]!)

const sources = [
  'test/readme-snippets/cache.ts',
  'test/fixtures/app-16/cache-handler.mjs',
  'test/fixtures/app-16/use-cache-handler.mjs',
  'test/readme-snippets/next-config-16.ts',
  'test/readme-snippets/next-config-15.ts',
  'test/readme-snippets/products.ts',
  'test/readme-snippets/stats-route.ts',
  'test/readme-snippets/proxy.ts',
  'test/readme-snippets/edge-middleware.ts',
  'test/readme-snippets/session.ts',
]

describe('README', () => {
  it('has exactly the code blocks of the files it shows, in order', () => {
    expect(blocks).toEqual(sources.map((path) => readFileSync(new URL(path, root), 'utf8')))
  })
})
