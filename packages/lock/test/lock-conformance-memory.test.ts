import { createMemoryStore } from '@layercache/core'
import { describeLockConformance } from './support/lock-conformance.js'

describeLockConformance('memory', () => createMemoryStore())
