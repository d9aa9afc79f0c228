import { createMemoryStore } from '@layercache/core'
import { FaultyStore } from './support/faulty-store.js'
import { describeRatelimitConformance } from './support/ratelimit-conformance.js'

describeRatelimitConformance('memory', () => createMemoryStore())
// A memory store answering through promises and marked shared, like a remote store: the async path,
// with the ephemeral cache on by default.
describeRatelimitConformance('memory behind promises', () => new FaultyStore())
