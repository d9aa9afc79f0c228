'use client'

import type { CacheStatsSnapshot } from '@layercache/core'
import { useCallback, useEffect, useRef, useState } from 'react'
import { type HistoryPoint, StatsCharts } from './stats-charts'
import { StatsTable } from './stats-table'

const POLL_MS = 1_000
const HISTORY_LENGTH = 60
const DEMO_REQUESTS = 200

/** One point per poll: the hit rate so far, and what happened since the previous poll. */
function pointOf(snapshot: CacheStatsSnapshot, previous: CacheStatsSnapshot | undefined): HistoryPoint {
  const layer = snapshot.layers[0]
  const previousLayer = previous?.layers[0]
  return {
    time: new Date().toLocaleTimeString('en-GB'),
    hitRate: Math.round(snapshot.hitRate * 1000) / 10,
    hits: snapshot.hits - (previous?.hits ?? 0),
    misses: snapshot.misses - (previous?.misses ?? 0),
    memoryHits: (layer?.hits ?? 0) - (previousLayer?.hits ?? 0),
    loaderCalls: snapshot.loader.calls - (previous?.loader.calls ?? 0),
    loaderAverageMs: Math.round(snapshot.loader.averageMs * 10) / 10,
  }
}

export function Dashboard() {
  const [snapshot, setSnapshot] = useState<CacheStatsSnapshot>()
  const [history, setHistory] = useState<HistoryPoint[]>([])
  const [error, setError] = useState<string>()
  const [running, setRunning] = useState(false)
  const previous = useRef<CacheStatsSnapshot | undefined>(undefined)

  const poll = useCallback(async () => {
    try {
      const response = await fetch('/api/cache-stats', { cache: 'no-store' })
      if (!response.ok) throw new Error(`the stats route answered ${response.status}`)
      const next = (await response.json()) as CacheStatsSnapshot
      const point = pointOf(next, previous.current)
      previous.current = next
      setSnapshot(next)
      setHistory((points) => [...points, point].slice(-HISTORY_LENGTH))
      setError(undefined)
    } catch (caught) {
      setError(String(caught))
    }
  }, [])

  useEffect(() => {
    void poll()
    const timer = setInterval(() => void poll(), POLL_MS)
    return () => clearInterval(timer)
  }, [poll])

  const runDemo = async () => {
    setRunning(true)
    try {
      await fetch(`/api/demo-load?requests=${DEMO_REQUESTS}`, { method: 'POST' })
      await poll()
    } finally {
      setRunning(false)
    }
  }

  return (
    <div className="flex flex-col gap-6">
      <div className="flex items-center gap-4">
        <button
          type="button"
          data-testid="demo-load"
          className="rounded-md bg-fd-primary px-4 py-2 text-fd-primary-foreground disabled:opacity-50"
          disabled={running}
          onClick={() => void runDemo()}
        >
          {running ? 'Running…' : `Run demo load (${DEMO_REQUESTS} reads)`}
        </button>
        {error && <p className="text-sm text-red-500">{error}</p>}
      </div>
      <StatsCharts history={history} />
      {snapshot && <StatsTable snapshot={snapshot} />}
    </div>
  )
}
