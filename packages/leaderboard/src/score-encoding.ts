// Scores cross the script boundary as text, because Redis truncates Lua numbers to integers. The
// text must be the same on both sides and exact: safe integers are written in decimal, every other
// finite double as `<odd integer>p<power of two>` (x = M * 2^E). Lua builds it with math.frexp, this
// file with exact doubling and halving, so neither depends on a printf's rounding.

/** Exact text of a finite score, identical to `encodeScore` in the Lua library. */
export function encodeScore(score: number): string {
  if (Number.isSafeInteger(score)) return String(score === 0 ? 0 : score)
  let mantissa = score
  let exponent = 0
  if (Number.isInteger(score)) {
    while (mantissa % 2 === 0) {
      mantissa /= 2
      exponent++
    }
  } else {
    while (!Number.isInteger(mantissa)) {
      mantissa *= 2
      exponent--
    }
  }
  return `${mantissa}p${exponent}`
}

/** Reads a score written by {@link encodeScore} (on either side). */
export function decodeScore(text: string): number {
  const separator = text.indexOf('p')
  if (separator === -1) return Number(text)
  return Number(text.slice(0, separator)) * 2 ** Number(text.slice(separator + 1))
}

/** The text of a score in ARGV: Redis (strtod) and Lua (tonumber) both parse it back exactly. */
export function redisNumber(score: number): string {
  return String(score)
}
