import { renderStamp } from '../stamp.js'

export const revalidate = 3600

export default function IsrPage() {
  return (
    <main>
      <h1>ISR</h1>
      <p id="stamp">{renderStamp()}</p>
      <ul>
        {Array.from({ length: 50 }, (_, index) => `row ${index}`).map((row) => (
          <li key={row}>{row}</li>
        ))}
      </ul>
    </main>
  )
}
