// A value that changes on every render: equal stamps on two requests mean the page came from a cache.
export function renderStamp() {
  return `${Date.now()}-${Math.random().toString(36).slice(2)}`
}
