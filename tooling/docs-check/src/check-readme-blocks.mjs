// Every ```ts block of the READMEs (the root README.md and packages/*/README.md) must compile as
// written, against the built packages as a user installs them. Each block becomes one module (so
// top-level await is fine and blocks do not share names) in blocks/, checked with tsc; an error is
// reported at its line in the README.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { basename, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../../../', import.meta.url))
const here = fileURLToPath(new URL('../', import.meta.url))
const out = join(here, 'blocks')

const readmes = [
  'README.md',
  ...readdirSync(join(root, 'packages'))
    .map((name) => `packages/${name}/README.md`)
    .filter((path) => existsSync(join(root, path))),
]

/** The ```ts blocks of `markdown`, each with the README line its first line of code is on. */
function tsBlocks(markdown) {
  const blocks = []
  let current
  markdown.split('\n').forEach((line, index) => {
    if (current === undefined) {
      if (/^\s*```(ts|typescript)\s*$/.test(line)) current = { line: index + 2, code: [] }
    } else if (/^\s*```\s*$/.test(line)) {
      blocks.push(current)
      current = undefined
    } else current.code.push(line)
  })
  return blocks
}

rmSync(out, { recursive: true, force: true })
mkdirSync(out)
const origins = new Map()
let count = 0
for (const readme of readmes) {
  for (const block of tsBlocks(readFileSync(join(root, readme), 'utf8'))) {
    const file = `${readme.replace(/\/?README\.md$/, '').replaceAll('/', '-') || 'root'}-${block.line}.ts`
    writeFileSync(join(out, file), `${block.code.join('\n')}\n`)
    origins.set(file, { readme, line: block.line })
    count++
  }
}
writeFileSync(
  join(out, 'tsconfig.json'),
  `${JSON.stringify(
    {
      extends: '@layercache/tsconfig/base.json',
      // Every block is a module of its own, even one with no import or export.
      compilerOptions: {
        moduleDetection: 'force',
        noUnusedLocals: false,
        declaration: false,
        sourceMap: false,
      },
      include: ['*.ts'],
    },
    null,
    2,
  )}\n`,
)

const tsc = createRequire(join(here, 'package.json')).resolve('typescript/bin/tsc')
try {
  execFileSync(process.execPath, [tsc, '-p', join(out, 'tsconfig.json'), '--pretty', 'false'], {
    cwd: out,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  })
} catch (error) {
  const lines = `${error.stdout ?? ''}${error.stderr ?? ''}`.split('\n').filter(Boolean)
  const failing = new Set()
  for (const line of lines) {
    const match = /^(.+?\.ts)\((\d+),(\d+)\): (.*)$/.exec(line)
    const origin = match && origins.get(basename(match[1]))
    if (!origin) {
      console.error(line)
      continue
    }
    failing.add(match[1])
    console.error(`${origin.readme}:${origin.line + Number(match[2]) - 1}:${match[3]} ${match[4]}`)
  }
  console.error(`\n${failing.size} of ${count} README TypeScript blocks do not compile as written`)
  process.exit(1)
}
console.log(`${count} README TypeScript blocks compile as written`)
