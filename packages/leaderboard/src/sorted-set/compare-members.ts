/**
 * Orders two strings as Redis orders sorted-set members with equal scores: by their UTF-8 bytes.
 * UTF-8 byte order is code point order; JavaScript's `<` compares UTF-16 units instead, which puts
 * supplementary characters (surrogate pairs, U+D800..U+DFFF units) before U+E000..U+FFFF. This fixes that.
 */
export function compareMembers(left: string, right: string): number {
  if (left === right) return 0
  const length = Math.min(left.length, right.length)
  for (let index = 0; index < length; index++) {
    let leftUnit = left.charCodeAt(index)
    let rightUnit = right.charCodeAt(index)
    if (leftUnit === rightUnit) continue
    if (leftUnit >= 0xd800 && rightUnit >= 0xd800) {
      leftUnit = surrogatesLast(leftUnit)
      rightUnit = surrogatesLast(rightUnit)
    }
    return leftUnit - rightUnit
  }
  return left.length - right.length
}

function surrogatesLast(unit: number): number {
  return unit <= 0xdfff ? unit + 0x2000 : unit - 0x800
}
