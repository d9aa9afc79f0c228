import { defineConfig } from 'tsup'

export default defineConfig({
  entry: { index: 'src/index.ts', store: 'src/store/index.ts', testing: 'src/testing/index.ts' },
  format: ['esm', 'cjs'],
  // Members marked @internal are for sibling packages, not users: the published types leave them out.
  dts: { compilerOptions: { stripInternal: true } },
  clean: true,
  sourcemap: true,
  target: 'node20',
  external: ['vitest'],
})
