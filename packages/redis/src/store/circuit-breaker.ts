import { type Clock, type Duration, errors, LayercacheError, parseDuration } from '@layercache/core'

/** Default of {@link CircuitBreakerOptions.failureThreshold}. */
export const DEFAULT_FAILURE_THRESHOLD = 5
/** Default of {@link CircuitBreakerOptions.cooldown}. */
export const DEFAULT_COOLDOWN = '5s'

/** Options of the circuit breaker that stops a store from hammering a dead Redis. */
export interface CircuitBreakerOptions {
  /**
   * Consecutive failures (errors or timeouts) that open the circuit.
   * @default 5
   */
  failureThreshold?: number
  /**
   * How long the circuit stays open before one trial command is let through (half-open).
   * @default '5s'
   */
  cooldown?: Duration
}

/** Where the breaker stands. */
export type CircuitState = 'closed' | 'open' | 'half-open'

/**
 * Closed: commands flow, failures are counted. Open: commands fail at once with `E_STORE_FAILURE`,
 * costing Redis nothing. After the cooldown one trial command goes through (half-open): success
 * closes the circuit, failure opens it again.
 */
export class CircuitBreaker {
  private failures = 0
  private openedAt = 0
  private trialRunning = false
  private currentState: CircuitState = 'closed'
  private readonly threshold: number
  private readonly cooldown: number

  constructor(
    options: CircuitBreakerOptions,
    private readonly clock: () => Clock,
    private readonly onChange: (state: CircuitState) => void = () => {},
  ) {
    this.threshold = options.failureThreshold ?? DEFAULT_FAILURE_THRESHOLD
    this.cooldown = parseDuration(options.cooldown ?? DEFAULT_COOLDOWN, 'cooldown')
    if (!Number.isInteger(this.threshold) || this.threshold < 1) {
      throw new LayercacheError(
        errors.INVALID_OPTION,
        `failureThreshold must be a positive integer, got ${this.threshold}`,
      )
    }
  }

  get state(): CircuitState {
    return this.currentState
  }

  /** Throws when the circuit is open; otherwise lets the command through (and marks a trial). */
  admit(): { trial: boolean } {
    if (this.currentState === 'closed') return { trial: false }
    if (this.currentState === 'open' && this.clock().now() - this.openedAt >= this.cooldown)
      this.move('half-open')
    if (this.currentState === 'half-open' && !this.trialRunning) {
      this.trialRunning = true
      return { trial: true }
    }
    throw new LayercacheError(
      errors.STORE_FAILURE,
      'the Redis circuit is open after repeated failures; retrying later',
    )
  }

  succeeded(trial: boolean): void {
    if (trial) this.trialRunning = false
    this.failures = 0
    if (this.currentState !== 'closed') this.move('closed')
  }

  failed(trial: boolean): void {
    if (trial) this.trialRunning = false
    this.failures++
    if (trial || (this.currentState === 'closed' && this.failures >= this.threshold)) {
      this.openedAt = this.clock().now()
      this.move('open')
    }
  }

  private move(state: CircuitState): void {
    this.currentState = state
    this.onChange(state)
  }
}
