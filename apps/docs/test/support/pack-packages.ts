import { spawnSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

const root = join(import.meta.dirname, '..', '..', '..', '..')
const pnpm = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).packageManager as string

/**
 * `pnpm pack`s the named workspace packages (built already) into `destination` and answers each
 * package's tarball as an npm spec (`file:<path>`), for the registry to hand to the shadcn CLI while
 * the packages are not on npm.
 */
export function packPackages(names: readonly string[], destination: string): Record<string, string> {
  const specs: Record<string, string> = {}
  for (const name of names) {
    const dir = join(root, 'packages', name.replace('@layercache/', ''))
    const before = new Set(readdirSync(destination))
    const packed = spawnSync('npx', ['--yes', pnpm, 'pack', '--pack-destination', destination], {
      cwd: dir,
      encoding: 'utf8',
    })
    if (packed.status !== 0)
      throw new Error(`pnpm pack of ${name} failed:\n${packed.stdout}\n${packed.stderr}`)
    const tarball = readdirSync(destination).find((file) => !before.has(file) && file.endsWith('.tgz'))
    if (tarball === undefined) throw new Error(`pnpm pack of ${name} made no tarball`)
    specs[name] = `file:${join(destination, tarball)}`
  }
  return specs
}
