const exitCallbacks = new Set<() => void>()
let listening = false

/**
 * Runs `callback` synchronously when the process exits, through one shared `exit` listener (so that
 * many servers do not trip Node's max-listeners warning). Only synchronous work runs at exit.
 *
 * @returns a function that cancels the callback.
 * @example
 * ```ts
 * const cancel = onProcessExit(() => rmSync(dir, { recursive: true, force: true }))
 * ```
 */
export function onProcessExit(callback: () => void): () => void {
  if (!listening) {
    listening = true
    process.on('exit', () => {
      for (const registered of exitCallbacks) {
        try {
          registered()
        } catch {
          // Exit hooks are best effort: one failing must not stop the others.
        }
      }
    })
  }
  exitCallbacks.add(callback)
  return () => exitCallbacks.delete(callback)
}
