import { memoryStore } from '../src/index.js'
import { storeConformanceSuite } from '../src/testing/index.js'

storeConformanceSuite('memory', () => memoryStore())
storeConformanceSuite('memory (serialized)', () => memoryStore({ serialize: true }))
