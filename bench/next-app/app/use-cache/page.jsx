import { connection } from 'next/server'
import { renderStamp } from '../stamp.js'

async function getRows() {
  'use cache' // the default profile: fresh for 15 minutes
  return { stamp: renderStamp(), rows: Array.from({ length: 50 }, (_, index) => `row ${index}`) }
}

export default async function UseCachePage() {
  await connection() // the page renders on every request; its data comes from 'use cache'
  const { stamp, rows } = await getRows()
  return (
    <main>
      <h1>use cache</h1>
      <p id="stamp">{stamp}</p>
      <ul>
        {rows.map((row) => (
          <li key={row}>{row}</li>
        ))}
      </ul>
    </main>
  )
}
