import type { NextServer } from '@layercache/test-utils'

export { type NextServer, nextBuild, nextStart } from '@layercache/test-utils'

/** The text of the element with `id` in a page's HTML. */
export function textById(html: string, id: string): string | undefined {
  const match = new RegExp(`id="${id}"[^>]*>([^<]*)<`).exec(html)
  return match?.[1]
}

/** GETs `path` and answers the text of element `id`; fails on a non-200. */
export async function stampOf(server: NextServer, path: string, id: string): Promise<string> {
  const response = await fetch(`${server.url}${path}`)
  if (response.status !== 200) throw new Error(`${path} answered ${response.status}`)
  const text = textById(await response.text(), id)
  if (text === undefined) throw new Error(`${path} has no #${id}`)
  return text
}
