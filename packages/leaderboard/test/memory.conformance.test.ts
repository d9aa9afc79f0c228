import { memoryStore } from '@layercache/core'
import { describeLeaderboardConformance } from './support/leaderboard-conformance.js'

describeLeaderboardConformance('memory', () => memoryStore())
