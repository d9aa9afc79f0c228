// What a user gets from npm, checked before it is published: every public package under packages/ is
// packed with `pnpm pack` (which turns `workspace:` and `catalog:` ranges into real versions), each
// tarball is checked for its files and metadata, and the tarballs are installed with npm into a fresh
// project together with the Redis clients from the registry. An ES module program and a CommonJS
// program then use every package, on the memory store and on Redis (REDIS_URL, default
// redis://127.0.0.1:6379, under a random key prefix deleted afterwards).
import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../../../', import.meta.url))
const appSources = fileURLToPath(new URL('../app/', import.meta.url))
const pnpmVersion = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).packageManager
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'
const REQUIRED_FIELDS = [
  'description',
  'license',
  'repository',
  'homepage',
  'bugs',
  'keywords',
  'engines',
  'sideEffects',
  'files',
]
// Clients the programs use, installed from the registry at the versions the workspace tests.
const CLIENTS = ['ioredis', 'redis']

const failures = []
const check = (condition, message) => {
  if (!condition) failures.push(message)
}

function run(command, args, options = {}) {
  return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...options })
}

function publicPackages() {
  return readdirSync(join(root, 'packages'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(root, 'packages', entry.name, 'package.json')))
    .map((entry) => {
      const dir = join(root, 'packages', entry.name)
      return { dir, manifest: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) }
    })
    .filter(({ manifest }) => !manifest.private)
}

function checkTarball(tarball, source) {
  const name = source.manifest.name
  const listed = run('tar', ['-tzf', tarball])
    .split('\n')
    .filter(Boolean)
    .map((path) => path.replace(/^package\//, ''))
  const packed = JSON.parse(run('tar', ['-xzOf', tarball, 'package/package.json']))
  for (const file of ['LICENSE', 'README.md', 'CHANGELOG.md', 'package.json']) {
    check(listed.includes(file), `${name}: the tarball has no ${file}`)
  }
  for (const entry of packed.files ?? []) {
    check(
      listed.some((path) => path === entry || path.startsWith(`${entry}/`)),
      `${name}: "files" names ${entry}, which is not in the tarball`,
    )
  }
  for (const field of REQUIRED_FIELDS)
    check(packed[field] !== undefined, `${name}: no "${field}" in package.json`)
  check(
    packed.repository?.directory === `packages/${source.dir.split('/').pop()}`,
    `${name}: repository.directory is wrong`,
  )
  check(packed.version !== '0.0.0', `${name}: version 0.0.0`)
  const text = JSON.stringify(packed)
  check(!text.includes('workspace:'), `${name}: a workspace: range is left in the packed package.json`)
  check(!text.includes('catalog:'), `${name}: a catalog: range is left in the packed package.json`)
  if (name !== '@layercache/core') {
    check(
      packed.peerDependencies?.['@layercache/core'] !== undefined,
      `${name}: @layercache/core is not a peer dependency`,
    )
    check(
      packed.dependencies?.['@layercache/core'] === undefined,
      `${name}: @layercache/core is a dependency (two copies)`,
    )
  }
}

function testedClientVersions() {
  const redisManifest = JSON.parse(readFileSync(join(root, 'packages/redis/package.json'), 'utf8'))
  return CLIENTS.map((client) => `${client}@${redisManifest.devDependencies[client]}`)
}

async function deleteKeys(prefix) {
  // Loaded from the project just installed: the workspace root has no ioredis of its own.
  const { Redis } = await import(join(work, 'app/node_modules/ioredis/built/index.js'))
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 })
  let cursor = '0'
  let deleted = 0
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000)
    if (keys.length > 0) deleted += await redis.del(...keys)
    cursor = next
  } while (cursor !== '0')
  redis.disconnect()
  return deleted
}

const work = mkdtempSync(join(tmpdir(), 'layercache-pack-'))
const prefix = `pack-${randomBytes(6).toString('hex')}:`
try {
  const tarballs = join(work, 'tarballs')
  mkdirSync(tarballs)
  const packages = publicPackages()
  const installed = []
  for (const source of packages) {
    const output = run('npx', ['--yes', pnpmVersion, 'pack', '--pack-destination', tarballs], {
      cwd: source.dir,
    })
    const tarball = output
      .trim()
      .split('\n')
      .map((line) => line.trim())
      .findLast((line) => line.endsWith('.tgz'))
    check(tarball !== undefined && existsSync(tarball), `${source.manifest.name}: pnpm pack made no tarball`)
    if (tarball === undefined) continue
    checkTarball(tarball, source)
    installed.push(tarball)
  }

  const app = join(work, 'app')
  mkdirSync(app)
  writeFileSync(
    join(app, 'package.json'),
    `${JSON.stringify({ name: 'fresh-app', private: true }, null, 2)}\n`,
  )
  for (const file of readdirSync(appSources)) copyFileSync(join(appSources, file), join(app, file))
  run(
    'npm',
    ['install', '--no-audit', '--no-fund', '--loglevel=error', ...installed, ...testedClientVersions()],
    {
      cwd: app,
    },
  )
  // One copy of core: the other packages take it as a peer, so npm never nests a second one.
  const nested = packages
    .map(({ manifest }) => join(app, 'node_modules', manifest.name, 'node_modules/@layercache/core'))
    .filter((path) => existsSync(path))
  check(nested.length === 0, `a second copy of core was installed: ${nested.join(', ')}`)

  const env = { ...process.env, REDIS_URL: redisUrl, LAYERCACHE_PACK_PREFIX: prefix }
  for (const program of ['esm-app.mjs', 'cjs-app.cjs']) {
    try {
      process.stdout.write(run(process.execPath, [program], { cwd: app, env }))
    } catch (error) {
      failures.push(`${program} failed:\n${error.stdout ?? ''}${error.stderr ?? error.message}`)
    }
  }
  check((await deleteKeys(prefix)) > 0, `the programs wrote no key under ${prefix} in Redis`)
} finally {
  rmSync(work, { recursive: true, force: true })
}

if (failures.length > 0) {
  console.error(`pack test: ${failures.length} problem(s)\n- ${failures.join('\n- ')}`)
  process.exit(1)
}
console.log('pack test: every package packs, installs with npm and runs from ESM and CJS')
