/** Settles with `onTimeout()` after `milliseconds` unless `promise` settles first. Never holds the process open. */
export function withTimeout<T, U>(
  promise: Promise<T>,
  milliseconds: number,
  onTimeout: () => U,
): Promise<T | U> {
  if (milliseconds === Number.POSITIVE_INFINITY) return promise
  return new Promise<T | U>((resolve, reject) => {
    const timer = setTimeout(() => resolve(onTimeout()), milliseconds)
    timer.unref?.()
    promise.then(
      (value) => {
        clearTimeout(timer)
        resolve(value)
      },
      (error: unknown) => {
        clearTimeout(timer)
        reject(error)
      },
    )
  })
}
