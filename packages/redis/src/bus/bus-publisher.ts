import { systemClock } from '@layercache/core'
import type { RedisDriver } from '../driver/redis-driver.js'
import { CircuitBreaker, type CircuitBreakerOptions, type CircuitState } from '../store/circuit-breaker.js'
import { guarded } from '../store/command-guard.js'

/**
 * PUBLISH through the user's client, under the bus's timeout and circuit breaker. It fails at once,
 * with `E_STORE_FAILURE`, while the circuit is open or while the client knows it is disconnected
 * (a command would only wait in its offline queue): every failure costs the other members a resync,
 * and waiting the whole timeout would not spare them one.
 */
export class BusPublisher {
  private readonly breaker: CircuitBreaker | undefined

  constructor(
    private readonly driver: RedisDriver,
    private readonly timeout: number,
    circuitBreaker: CircuitBreakerOptions | false,
  ) {
    this.breaker =
      circuitBreaker === false ? undefined : new CircuitBreaker(circuitBreaker, () => systemClock)
  }

  /** The circuit breaker's state (`closed` when it is turned off). */
  get state(): CircuitState {
    return this.breaker?.state ?? 'closed'
  }

  /** Publishes `payload` on `channel`; rejects with a `LayercacheError` when it was not sent. */
  send(channel: string, payload: string): Promise<void> {
    return guarded(this.breaker, this.timeout, 'PUBLISH', async () => {
      if (!this.driver.available()) throw new Error('the client is disconnected')
      // On a node-redis cluster the channel routes every PUBLISH to one node, which keeps their order.
      await this.driver.call(['PUBLISH', channel, payload], channel)
    })
  }
}
