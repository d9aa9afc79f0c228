// An Edge runtime (Next's middleware on 15.5, Vercel/Cloudflare workers) has no `node:` modules and
// no working `process.getBuiltinModule`: the published ESM build must load and work there. A child
// Node process plays that runtime: a resolve hook refuses every builtin, `Buffer` is removed and
// `process.getBuiltinModule` throws, before core is imported.
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'

const esmFile = fileURLToPath(new URL('../dist/index.js', import.meta.url))

// Registered with `--import`: refuses `node:x` and bare builtin names alike.
const blockBuiltins = `
import { builtinModules, register } from 'node:module'
const builtins = JSON.stringify(builtinModules)
register('data:text/javascript,' + encodeURIComponent(\`
  const builtins = new Set(\${builtins})
  export async function resolve(specifier, context, next) {
    if (specifier.startsWith('node:') || builtins.has(specifier)) throw new Error('edge: no builtin ' + specifier)
    return next(specifier, context)
  }\`))
// As Next's Edge sandbox does: every function of \`process\` is there, and throws when called.
process.getBuiltinModule = () => { throw new Error('A Node.js API is used (process.getBuiltinModule)') }
globalThis.Buffer = undefined
`

// A serializing memory layer stores what a Redis layer would: the (maybe compressed) payload. The
// program writes a value over the compression threshold, reads it back, and plants the payload a
// Node server would have stored compressed (`d` + raw deflate in base64) to read it too.
const program = (coreUrl: string) => `
const core = await import(${JSON.stringify(coreUrl)})
const store = core.createMemoryStore({ serialize: true })
const errors = []
const cache = core.createCache({ namespace: 'edge', layers: [store], logger: false })
cache.on('error', (event) => errors.push(event.error.code))
const big = { text: 'x'.repeat(5000), bytes: new Uint8Array([1, 2, 3]) }
await cache.set('big', big)
const back = await cache.get('big')
const stored = store.get('edge::big')
store.set('edge::compressed', { ...stored, value: 'd' + 'y1LKSM3JyVdIK8rPVcjLT0lVAgA=' })
console.log(JSON.stringify({
  stored: stored.value.slice(0, 2),
  roundTrip: back.text === big.text && Array.from(back.bytes).join() === '1,2,3',
  compressedRead: await cache.get('compressed'),
  errors,
}))
`

function runNode(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => (stdout += chunk))
    child.stderr.on('data', (chunk) => (stderr += chunk))
    child.on('error', reject)
    child.on('exit', (code) => resolve({ code, stdout, stderr }))
  })
}

describe('the ESM build in a runtime without node: modules', () => {
  it('loads, caches values (stored uncompressed), and reads a compressed one as a miss (E_DECODE_FAILED)', async () => {
    if (!existsSync(esmFile))
      throw new Error('dist/ is missing: run `pnpm --filter @layercache/core build` first')
    const hook = `data:text/javascript,${encodeURIComponent(blockBuiltins)}`
    const edge = await runNode([
      '--import',
      hook,
      '--input-type=module',
      '-e',
      program(pathToFileURL(esmFile).href),
    ])
    expect(edge.stderr).not.toMatch(/edge: no builtin/)
    expect(edge.code, edge.stderr).toBe(0)
    // Stored raw (`r`, then the serializer's `t` for typed JSON); the compressed one is a miss.
    expect(JSON.parse(edge.stdout)).toEqual({ stored: 'rt', roundTrip: true, errors: ['E_DECODE_FAILED'] })
  })

  it('the hook does block builtins: a module importing node:zlib fails under it', async () => {
    const hook = `data:text/javascript,${encodeURIComponent(blockBuiltins)}`
    const result = await runNode(['--import', hook, '--input-type=module', '-e', "await import('node:zlib')"])
    expect(result.code).not.toBe(0)
    expect(result.stderr).toMatch(/edge: no builtin node:zlib/)
  })

  it('on Node, the same payload is compressed (zlib loads on first use)', async () => {
    const node = await runNode(['--input-type=module', '-e', program(pathToFileURL(esmFile).href)])
    expect(node.code, node.stderr).toBe(0)
    expect(JSON.parse(node.stdout)).toEqual({
      stored: expect.stringMatching(/^d/),
      roundTrip: true,
      compressedRead: 'hello from node',
      errors: [],
    })
  })
})
