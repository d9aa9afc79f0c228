import { rehypeCodeDefaultOptions } from 'fumadocs-core/mdx-plugins'
import { defineConfig, defineDocs } from 'fumadocs-mdx/config'
import { transformerTwoslash } from 'fumadocs-twoslash'
import { createGenerator, remarkAutoTypeTable } from 'fumadocs-typescript'

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
      transformers: [...(rehypeCodeDefaultOptions.transformers ?? []), transformerTwoslash()],
    },
  },
})
