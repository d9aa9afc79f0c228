// Run after tsup in a package's directory. The declaration bundler turns `export { type Lock }` of a
// class into a value export of `declare class Lock`, so `new Lock(...)` would compile for users while
// the JavaScript exports no `Lock`. This puts `type` back on every name an entry exports as a type
// only, in the export lists of its `.d.ts` and `.d.cts` files.
import { existsSync, readFileSync, writeFileSync } from 'node:fs'

const config = readFileSync('tsup.config.ts', 'utf8')
const entries = [...config.matchAll(/(\w+): '(src\/[^']+\.ts)'/g)].map((match) => ({
  name: match[1],
  source: match[2],
}))
if (entries.length === 0) throw new Error('keep-type-only-exports: no entries found in tsup.config.ts')

let fixed = 0
for (const { name, source } of entries) {
  const typeOnly = typeOnlyNames(readFileSync(source, 'utf8'))
  for (const file of [`dist/${name}.d.ts`, `dist/${name}.d.cts`]) {
    if (!existsSync(file)) throw new Error(`keep-type-only-exports: ${file} is missing`)
    const before = readFileSync(file, 'utf8')
    const after = before.replace(/^export \{([^}]*)\};?$/gm, (_statement, list) => {
      const items = list.split(',').map((item) => {
        const trimmed = item.trim()
        return typeOnly.has(trimmed) ? `type ${trimmed}` : trimmed
      })
      return `export { ${items.filter(Boolean).join(', ')} };`
    })
    if (after !== before) {
      writeFileSync(file, after)
      fixed++
    }
  }
}
console.log(`keep-type-only-exports: ${fixed} declaration file(s) rewritten`)

/** Names an entry exports only as types: `export type { A }` and `export { type A }`. */
function typeOnlyNames(text) {
  const names = new Set()
  for (const match of text.matchAll(/export\s+(type\s+)?\{([^}]*)\}/g)) {
    for (const item of match[2].split(',')) {
      const trimmed = item.trim()
      if (trimmed === '') continue
      const isType = match[1] !== undefined || trimmed.startsWith('type ')
      const name = trimmed
        .replace(/^type\s+/, '')
        .split(/\s+as\s+/)
        .pop()
      if (isType) names.add(name)
    }
  }
  return names
}
