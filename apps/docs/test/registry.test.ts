import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type NextServer, nextBuild, nextStart } from '@layercache/test-utils'
import { afterAll, describe, expect, inject, it } from 'vitest'

const siteUrl = inject('siteUrl')
const docsDir = join(import.meta.dirname, '..')
const fixture = join(import.meta.dirname, 'fixtures', 'fresh-app')
// The CLI the brief runs (`npx shadcn@latest add ...`), pinned so that a new release cannot break CI.
const SHADCN = 'shadcn@4.23.1'

/** The version of `name` the site itself installed, so the fresh app gets the same Next and React. */
function versionOf(name: string): string {
  const require = createRequire(join(docsDir, 'package.json'))
  return (JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')) as { version: string })
    .version
}

function run(command: string, args: string[], cwd: string, env: Record<string, string> = {}): void {
  const result = spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, CI: 'true', npm_config_yes: 'true', NEXT_TELEMETRY_DISABLED: '1', ...env },
    timeout: 10 * 60_000,
  })
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} exited with ${result.status}:\n${result.stdout}\n${result.stderr}`,
    )
  }
}

describe('the shadcn registry: `shadcn add <site>/r/cache-manager.json` in a fresh Next app', () => {
  const app = mkdtempSync(join(tmpdir(), 'layercache-fresh-app-'))
  let server: NextServer | undefined
  afterAll(async () => {
    await server?.stop()
    rmSync(app, { recursive: true, force: true })
  })

  it('serves the item with its file and dependencies', async () => {
    const response = await fetch(`${siteUrl}/r/cache-manager.json`)
    expect(response.status).toBe(200)
    const item = (await response.json()) as {
      files: { target: string; content: string }[]
      dependencies: string[]
    }
    expect(item.files[0]?.target).toBe('lib/cache/cache-manager.ts')
    expect(item.files[0]?.content).toBe(
      readFileSync(join(docsDir, 'registry/lib/cache/cache-manager.ts'), 'utf8'),
    )
    expect(item.dependencies.map((dependency) => dependency.replace(/@file:.*$/, ''))).toEqual([
      '@layercache/core',
      '@layercache/redis',
      '@layercache/ratelimit',
      '@upstash/redis',
      'ioredis',
    ])
    expect((await fetch(`${siteUrl}/r/no-such-item.json`)).status).toBe(404)
  })

  it(
    'adds lib/cache/cache-manager.ts and its dependencies; the app builds and its page uses cacheManager and checkRateLimit',
    async () => {
      cpSync(fixture, app, { recursive: true })
      writeFileSync(
        join(app, 'package.json'),
        `${JSON.stringify(
          {
            name: 'fresh-app',
            private: true,
            dependencies: {
              next: versionOf('next'),
              react: versionOf('react'),
              'react-dom': versionOf('react-dom'),
            },
            devDependencies: {
              typescript: versionOf('typescript'),
              '@types/react': versionOf('@types/react'),
              '@types/node': versionOf('@types/node'),
            },
          },
          null,
          2,
        )}\n`,
      )
      run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], app)
      // The CLI also asks a registry for its base colours: this site serves them (there is no internet here).
      run('npx', ['--yes', SHADCN, 'add', `${siteUrl}/r/cache-manager.json`, '--yes', '--overwrite'], app, {
        REGISTRY_URL: `${siteUrl}/r`,
      })

      const added = join(app, 'lib/cache/cache-manager.ts')
      expect(existsSync(added)).toBe(true)
      expect(readFileSync(added, 'utf8')).toContain('export const checkRateLimit')
      const manifest = JSON.parse(readFileSync(join(app, 'package.json'), 'utf8')) as {
        dependencies: Record<string, string>
      }
      for (const name of [
        '@layercache/core',
        '@layercache/redis',
        '@layercache/ratelimit',
        '@upstash/redis',
        'ioredis',
      ]) {
        expect(Object.keys(manifest.dependencies)).toContain(name)
      }

      // Memory alone (no Upstash or Redis variables): what a laptop gets.
      const env = { REDIS_URL: '', UPSTASH_REDIS_REST_URL: '', UPSTASH_REDIS_REST_TOKEN: '' }
      await nextBuild(app, env)
      server = await nextStart(app, env)
      const first = await (await fetch(server.url)).text()
      const second = await (await fetch(server.url)).text()
      expect(first).toContain('hello from layercache')
      expect(first).toMatch(/id="allowed">true</)
      // The second request was served by the cache: the loader ran once.
      expect(second).toMatch(/id="loads">1</)
    },
    15 * 60_000,
  )
})
