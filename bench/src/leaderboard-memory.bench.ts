/*
 * The leaderboard's memory backend (a skip list with spans, behind the async store interface) against
 * a sorted array with a member map, both holding the same 1,000,000 members: the cost of a score
 * change (with the new rank) and of a rank query. Printed as ratios measured in the same run.
 */
import { createMemoryStore } from '@layercache/core'
import { createLeaderboard } from '@layercache/leaderboard'
import { boardWorkload } from './contenders/leaderboard-redis-contenders.js'
import { SortedArrayBoard } from './contenders/leaderboard-sorted-array.js'
import { uniformAccessSequence } from './harness/access-sequence.js'
import { measureThroughput } from './harness/measure-throughput.js'
import { seededRandom } from './harness/seeded-random.js'
import { printThroughputReport } from './harness/throughput-report.js'

const MEMBERS = 1_000_000
const FILL_BATCH = 1_000
const CHECKED_RANKS = 2_000
// Fixed before the first run: a skip list's O(log n) update should beat a memmove of a third of a
// million-slot array (on average) by an order of magnitude, promises and all.
const SUBMIT_TARGET = 10

const seconds = (started: bigint) => Number(process.hrtime.bigint() - started) / 1e9
const { members, scores } = boardWorkload(MEMBERS)

let started = process.hrtime.bigint()
const board = createLeaderboard({ store: createMemoryStore(), name: 'bench', update: 'replace' })
for (let start = 0; start < MEMBERS; start += FILL_BATCH) {
  await board.submitMany(
    members
      .slice(start, start + FILL_BATCH)
      .map((member, index) => ({ member, score: scores[start + index]! })),
  )
}
const boardFill = seconds(started)
started = process.hrtime.bigint()
const array = new SortedArrayBoard()
array.bulkLoad(members, scores)
const arrayFill = seconds(started)

const checked = uniformAccessSequence(members, { seed: 21, length: CHECKED_RANKS })
for (const member of checked) {
  const [fromBoard, fromArray] = [await board.rank(member), array.rank(member)]
  if (fromBoard !== fromArray)
    throw new Error(`rank of ${member}: board ${fromBoard}, sorted array ${fromArray}`)
}

const subject = `layercache leaderboard on createMemoryStore()`
const peer = 'sorted array + Map'
console.log(
  `\n# Leaderboard memory backend, ${MEMBERS.toLocaleString('en-US')} members (Node ${process.version})`,
)
console.log(
  `filling: board ${boardFill.toFixed(1)} s (submitMany of ${FILL_BATCH.toLocaleString('en-US')}), ` +
    `sorted array ${arrayFill.toFixed(1)} s (push all, one sort)`,
)

// Each contender draws its new scores from its own copy of one seeded stream: the k-th call of every
// contender moves the same member to the same score, and no call repeats an earlier one.
const submitMembers = uniformAccessSequence(members, { seed: 22 })
const newScores = () => {
  const random = seededRandom(23)
  return () => Math.floor(random() * 1e9)
}
const boardScore = newScores()
const arrayScore = newScores()
printThroughputReport({
  title: 'submit (replace: every call moves a member), answering the new rank',
  subject,
  results: await measureThroughput(
    [
      { name: subject, operation: async (member) => (await board.submit(member, boardScore())).rank },
      { name: peer, operation: async (member) => array.submit(member, arrayScore()) },
    ],
    { sequence: submitMembers },
  ),
  targets: [{ peer, atLeast: SUBMIT_TARGET }],
})

const rankQueries = uniformAccessSequence(members, { seed: 24 })
printThroughputReport({
  title: 'rank(member)',
  subject,
  results: await measureThroughput(
    [
      { name: subject, operation: (member) => board.rank(member) },
      { name: peer, operation: async (member) => array.rank(member) },
    ],
    { sequence: rankQueries },
  ),
  targets: [],
  context: [peer],
})
