import { LayercacheError } from '../../src/errors.js'

/** The `LayercacheError` that `run` throws synchronously; fails the test if it throws nothing or something else. */
export function thrownBy(run: () => unknown): LayercacheError<string> {
  try {
    run()
  } catch (error) {
    if (LayercacheError.isInstance(error)) return error
    throw error
  }
  throw new Error('expected a LayercacheError')
}
