import { createMemoryStore } from '@layercache/core'
import { describeLeaderboardConformance } from './support/leaderboard-conformance.js'

describeLeaderboardConformance('memory', () => createMemoryStore())
