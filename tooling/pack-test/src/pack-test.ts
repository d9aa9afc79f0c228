// What a user gets from npm, checked before it is published: every public package under packages/ is
// packed with `pnpm pack` (which turns `workspace:` and `catalog:` ranges into real versions), each
// tarball is checked for its files and metadata, and the tarballs are installed with npm into a fresh
// project together with the Redis clients from the registry. An ES module program and a CommonJS
// program then use every package, on the memory store and on Redis (REDIS_URL, else 127.0.0.1:6379,
// else a redis-server started for the run), under a key prefix of the run's own, deleted afterwards.
import { execFileSync } from 'node:child_process'
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
import { deleteKeysWithPrefix, setupRedisForTests, uniquePrefix } from '@layercache/test-utils'

const root = fileURLToPath(new URL('../../../', import.meta.url))
const appSources = fileURLToPath(new URL('../app/', import.meta.url))
const pnpmVersion = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).packageManager
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

interface Manifest {
  name: string
  private?: boolean
  version: string
  files?: string[]
  repository?: { directory?: string }
  dependencies?: Record<string, string>
  devDependencies?: Record<string, string>
  peerDependencies?: Record<string, string>
  [field: string]: unknown
}

interface Source {
  dir: string
  manifest: Manifest
}

const failures: string[] = []
const check = (condition: boolean, message: string) => {
  if (!condition) failures.push(message)
}

function run(
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): string {
  return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...options })
}

function readManifest(path: string): Manifest {
  return JSON.parse(readFileSync(path, 'utf8')) as Manifest
}

function publicPackages(): Source[] {
  return readdirSync(join(root, 'packages'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(root, 'packages', entry.name, 'package.json')))
    .map((entry) => {
      const dir = join(root, 'packages', entry.name)
      return { dir, manifest: readManifest(join(dir, 'package.json')) }
    })
    .filter(({ manifest }) => !manifest.private)
}

function checkTarball(tarball: string, source: Source): void {
  const name = source.manifest.name
  const listed = run('tar', ['-tzf', tarball])
    .split('\n')
    .filter(Boolean)
    .map((path) => path.replace(/^package\//, ''))
  const packed = JSON.parse(run('tar', ['-xzOf', tarball, 'package/package.json'])) as Manifest
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

/** The exact versions the redis package's tests run on: what pnpm installed for it (ranges may be `catalog:`). */
function testedClientVersions(): string[] {
  return CLIENTS.map((client) => {
    const installed = readManifest(join(root, 'packages/redis/node_modules', client, 'package.json'))
    return `${client}@${installed.version}`
  })
}

const work = mkdtempSync(join(tmpdir(), 'layercache-pack-'))
const prefix = uniquePrefix('pack')
const stopRedis = await setupRedisForTests()
const redisUrl = process.env.REDIS_URL!
try {
  const tarballs = join(work, 'tarballs')
  mkdirSync(tarballs)
  const packages = publicPackages()
  const installed: string[] = []
  for (const source of packages) {
    const output = run('npx', ['--yes', pnpmVersion, 'pack', '--pack-destination', tarballs], {
      cwd: source.dir,
    })
    const tarball = output
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line.endsWith('.tgz'))
      .pop()
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
      const { stdout, stderr, message } = error as { stdout?: string; stderr?: string; message: string }
      failures.push(`${program} failed:\n${stdout ?? ''}${stderr ?? message}`)
    }
  }
  check(
    (await deleteKeysWithPrefix(redisUrl, prefix)) > 0,
    `the programs wrote no key under ${prefix} in Redis`,
  )
} finally {
  rmSync(work, { recursive: true, force: true })
  await stopRedis()
}

if (failures.length > 0) {
  console.error(`pack test: ${failures.length} problem(s)\n- ${failures.join('\n- ')}`)
  process.exit(1)
}
console.log('pack test: every package packs, installs with npm and runs from ESM and CJS')
