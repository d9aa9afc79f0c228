/**
 * Fractional numbers in script replies. Redis truncates a Lua number reply to an integer, and Lua's
 * `tostring` keeps 14 significant digits (`tostring(1/3)` is `0.33333333333333`) where JavaScript's
 * `String` keeps 17 (`0.3333333333333333`). A script that must reply a fraction formats it with
 * `format_number` on the Lua side and {@link formatScriptNumber} on the JavaScript side: both print
 * C's `%.17g`, which parses back to the same double, so both sides reply the same string.
 *
 * @example
 * ```ts
 * const averageScript = defineScript({
 *   name: 'average',
 *   lua: `${LUA_FORMAT_NUMBER}\nreturn format_number(tonumber(ARGV[1]) / tonumber(ARGV[2]))`,
 *   local: (_context, _keys, [sum, count]) => formatScriptNumber(Number(sum) / Number(count)),
 * })
 * ```
 */
export const LUA_FORMAT_NUMBER = `
local function format_number(x)
  if x ~= x then return 'nan' end
  if x == math.huge then return 'inf' end
  if x == -math.huge then return '-inf' end
  return string.format('%.17g', x)
end`

const PRECISION = 17

/** `x` printed as C's `%.17g` (what {@link LUA_FORMAT_NUMBER}'s `format_number` prints in Redis). */
export function formatScriptNumber(x: number): string {
  if (Number.isNaN(x)) return 'nan'
  if (x === Number.POSITIVE_INFINITY) return 'inf'
  if (x === Number.NEGATIVE_INFINITY) return '-inf'
  if (x === 0) return Object.is(x, -0) ? '-0' : '0'
  // The exponent %g decides on is the one of the value rounded to 17 significant digits.
  const scientific = x.toExponential(PRECISION - 1)
  const exponent = Number(scientific.slice(scientific.indexOf('e') + 1))
  if (exponent >= -4 && exponent < PRECISION) return withoutTrailingZeros(x.toFixed(PRECISION - 1 - exponent))
  const mantissa = withoutTrailingZeros(scientific.slice(0, scientific.indexOf('e')))
  const digits = String(Math.abs(exponent)).padStart(2, '0')
  return `${mantissa}e${exponent < 0 ? '-' : '+'}${digits}`
}

function withoutTrailingZeros(text: string): string {
  if (!text.includes('.')) return text
  return text.replace(/0+$/, '').replace(/\.$/, '')
}
