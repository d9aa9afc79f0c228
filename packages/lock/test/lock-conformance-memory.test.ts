import { memoryStore } from '@layercache/core'
import { describeLockConformance } from './support/lock-conformance.js'

describeLockConformance('memory', () => memoryStore())
