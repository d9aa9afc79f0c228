import { createMemoryStore } from '../src/index.js'
import { cacheLayerConformanceSuite, scriptRunnerConformanceSuite } from '../src/testing/index.js'

cacheLayerConformanceSuite('memory', () => createMemoryStore())
cacheLayerConformanceSuite('memory (serialized)', () => createMemoryStore({ serialize: true }))
scriptRunnerConformanceSuite('memory', () => createMemoryStore())
