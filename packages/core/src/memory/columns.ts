/** A per-slot column of small ids, as narrow as the largest id allows. */
export type IdColumn = Uint8Array | Uint16Array | Uint32Array

type NumberColumn = Float64Array | Float32Array | Int32Array | IdColumn

/** `column` copied into a new column of `length` slots, the new slots set to `fill`. */
export function resizedColumn<T extends NumberColumn>(column: T, length: number, fill = 0): T {
  const next = new (column.constructor as new (length: number) => T)(length)
  if (fill !== 0) next.fill(fill, column.length)
  next.set(column.length > length ? column.subarray(0, length) : column)
  return next
}

/**
 * `list` copied into a new array of exactly `length` slots. Arrays grown by `push` keep up to 50%
 * spare capacity; an array made with its final length and filled by index keeps none.
 */
export function resizedList<T>(list: readonly T[], length: number): T[] {
  const next = new Array<T>(length)
  for (let index = 0; index < list.length && index < length; index++) next[index] = list[index]!
  return next
}

/** `column`, or a wider copy of it when `id` does not fit in its element type. */
export function columnFitting(column: IdColumn, id: number): IdColumn {
  if (id < 2 ** (column.BYTES_PER_ELEMENT * 8)) return column
  const wider = id < 2 ** 16 ? new Uint16Array(column.length) : new Uint32Array(column.length)
  wider.set(column)
  return wider
}
