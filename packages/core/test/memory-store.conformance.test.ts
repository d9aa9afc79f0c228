import { createMemoryStore } from '../src/index.js'
import { cacheLayerConformanceSuite, scriptRunnerConformanceSuite } from '../src/testing/index.js'

cacheLayerConformanceSuite('memory', () => createMemoryStore())
cacheLayerConformanceSuite('memory (serialized)', () => createMemoryStore({ serialize: true }))
cacheLayerConformanceSuite('memory (copyValues: false)', () => createMemoryStore({ copyValues: false }))
scriptRunnerConformanceSuite('memory', () => createMemoryStore())
