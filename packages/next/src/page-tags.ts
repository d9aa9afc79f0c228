/** What `cached` reads of Next's per-request store (the same shape on 15.5 and 16). */
interface WorkUnitStorage {
  getStore(): { implicitTags?: { tags?: readonly string[] } } | undefined
}

/** Next's implicit tags start with this: `revalidatePath(p)` is `revalidateTag('_N_T_' + p)`. */
const IMPLICIT_TAG_PREFIX = '_N_T_'

// Loaded on first use, so the handler modules (which never call it) do not load Next's internals.
// The module is one of Next's `.external` singletons: the app's bundles and this package share it.
let workUnitStorage: Promise<WorkUnitStorage | undefined> | undefined
function loadWorkUnitStorage(): Promise<WorkUnitStorage | undefined> {
  workUnitStorage ??= import('next/dist/server/app-render/work-unit-async-storage.external.js')
    .then((module) => {
      const named = module as unknown as { workUnitAsyncStorage?: WorkUnitStorage; default?: unknown }
      return (
        named.workUnitAsyncStorage ??
        (named.default as { workUnitAsyncStorage?: WorkUnitStorage } | undefined)?.workUnitAsyncStorage
      )
    })
    .catch(() => undefined)
  return workUnitStorage
}

/**
 * The implicit `_N_T_` tags of the page (or route) being rendered, so `revalidatePath` reaches what
 * it loaded; none outside a request.
 */
export async function currentPageTags(): Promise<string[]> {
  const storage = await loadWorkUnitStorage()
  try {
    const tags = storage?.getStore()?.implicitTags?.tags ?? []
    return tags.filter((tag) => typeof tag === 'string' && tag.startsWith(IMPLICIT_TAG_PREFIX))
  } catch {
    return []
  }
}
