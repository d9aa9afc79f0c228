'use client'

import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts'

export interface HistoryPoint {
  time: string
  /** Percent of reads answered from the cache since the server started. */
  hitRate: number
  hits: number
  misses: number
  memoryHits: number
  loaderCalls: number
  loaderAverageMs: number
}

const WIDTH = 460
const HEIGHT = 240

export function StatsCharts({ history }: { history: HistoryPoint[] }) {
  return (
    <div className="grid gap-6 md:grid-cols-2">
      <figure data-testid="hit-rate-chart" className="rounded-lg border p-3">
        <figcaption className="mb-2 text-sm font-semibold">Hit rate (%)</figcaption>
        <LineChart width={WIDTH} height={HEIGHT} data={history}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="time" fontSize={11} />
          <YAxis domain={[0, 100]} ticks={[0, 25, 50, 75, 100]} fontSize={11} />
          <Tooltip />
          <Line
            type="monotone"
            dataKey="hitRate"
            name="hit rate"
            stroke="#16a34a"
            isAnimationActive={false}
          />
        </LineChart>
      </figure>
      <figure data-testid="reads-chart" className="rounded-lg border p-3">
        <figcaption className="mb-2 text-sm font-semibold">Per second: hits, misses, loader calls</figcaption>
        <LineChart width={WIDTH} height={HEIGHT} data={history}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="time" fontSize={11} />
          <YAxis fontSize={11} />
          <Tooltip />
          <Legend />
          <Line
            type="monotone"
            dataKey="memoryHits"
            name="memory hits"
            stroke="#2563eb"
            isAnimationActive={false}
          />
          <Line type="monotone" dataKey="misses" name="misses" stroke="#dc2626" isAnimationActive={false} />
          <Line
            type="monotone"
            dataKey="loaderCalls"
            name="loader calls"
            stroke="#9333ea"
            isAnimationActive={false}
          />
        </LineChart>
      </figure>
    </div>
  )
}
