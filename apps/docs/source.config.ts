import { rehypeCodeDefaultOptions } from 'fumadocs-core/mdx-plugins'
import { defineConfig, defineDocs } from 'fumadocs-mdx/config'
import { transformerTwoslash } from 'fumadocs-twoslash'
import { createFileSystemTypesCache } from 'fumadocs-twoslash/cache-fs'
import { createGenerator, remarkAutoTypeTable } from 'fumadocs-typescript'
import ts from 'typescript'

export const docs = defineDocs({ dir: 'content/docs' })

// Options tables are generated from the packages' TSDoc (`<auto-type-table>`), never retyped.
const generator = createGenerator({ tsconfigPath: './tsconfig.json' })

export default defineConfig({
  mdxOptions: {
    remarkPlugins: [[remarkAutoTypeTable, { generator }]],
    rehypeCodeOptions: {
      themes: { light: 'github-light', dark: 'github-dark' },
      langs: ['ts', 'tsx', 'js', 'json', 'sh', 'bash'],
      // A ```ts twoslash block (and every example included with meta="twoslash") is compiled: a type
      // error fails `next build`.
      transformers: [
        ...(rehypeCodeDefaultOptions.transformers ?? []),
        transformerTwoslash({
          // The examples are Node programs (top-level await, node:assert), as `tsx` runs them.
          twoslashOptions: {
            compilerOptions: {
              target: ts.ScriptTarget.ESNext,
              module: ts.ModuleKind.ESNext,
              moduleResolution: ts.ModuleResolutionKind.Bundler,
              types: ['node'],
              strict: true,
            },
          },
          // Rebuilds reuse the types of unchanged blocks (a fresh build, as in CI, checks every one).
          typesCache: createFileSystemTypesCache(),
        }),
      ],
    },
  },
})
