import { createFromSource } from 'fumadocs-core/search/server'
import { source } from '@/lib/source'

// Built-in search (Orama), served from this route and built from the pages at build time: no network.
export const { GET } = createFromSource(source, { language: 'english' })
