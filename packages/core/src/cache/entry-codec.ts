import { errors, fail } from '../errors.js'
import { compressPayload, decompressPayload, type ResolvedCompression } from '../serialization/compression.js'
import type { Serializer } from '../serialization/serializer.js'
import { cloneValue, snapshotValue } from '../serialization/value-snapshot.js'
import type { Store, StoredEntry } from '../store/store.js'

/** The times and tags of an entry, before its value is shaped for a layer. */
export interface EntryTimes {
  readonly createdAt: number
  readonly expiresAt: number
  readonly staleUntil: number
  readonly tags?: readonly string[] | undefined
}

/** A value prepared once per write, in the forms its layers need. */
export interface PreparedValue {
  /** The frozen copy for layers that keep objects. */
  object?: { value: unknown; bytes: number; mutable: boolean }
  /** The encoded (and maybe compressed) payload for layers that serialize. */
  payload?: string
  /** The encoded payload's size in UTF-8 bytes, before compression. */
  serializedBytes?: number
}

/**
 * Turns user values into what each layer stores and back. Values are copied and frozen once per
 * write for in-memory layers (so hits need no copy) and encoded once per write for serializing layers.
 */
export class EntryCodec {
  constructor(
    private readonly serializer: Serializer,
    private readonly compression: ResolvedCompression | undefined,
    private readonly layers: readonly Store[],
  ) {}

  /** Prepares `value` for every layer and checks each layer's size limit; throws before any write. */
  prepare(value: unknown): PreparedValue {
    return this.prepareFor(value, this.layers)
  }

  /** Prepares `value` for `layers` only (a back-fill needs one form, not all of them). */
  prepareFor(value: unknown, layers: readonly Store[]): PreparedValue {
    if (value === undefined) {
      fail(errors.UNSERIALIZABLE_VALUE, 'undefined cannot be cached: it means "miss"; store null instead')
    }
    const prepared: PreparedValue = {}
    for (const layer of layers) {
      let bytes: number
      if (layer.serializes) {
        if (prepared.payload === undefined) {
          const serialized = this.serializer.serialize(value)
          // The size before compression: what reading it back inflates to, and the cap on that.
          prepared.serializedBytes = Buffer.byteLength(serialized, 'utf8')
          prepared.payload = compressPayload(serialized, this.compression)
        }
        bytes = prepared.serializedBytes!
      } else {
        prepared.object ??= snapshotValue(value)
        bytes = prepared.object.bytes
      }
      if (layer.maxValueBytes !== undefined && bytes > layer.maxValueBytes) {
        fail(
          errors.VALUE_TOO_LARGE,
          `the value is about ${bytes} bytes, over the ${layer.maxValueBytes}-byte limit of layer '${layer.name}'`,
        )
      }
    }
    return prepared
  }

  /**
   * The entry to store in `layer`. Shared layers get the write's `version` (what their conditional
   * writes compare); local layers need none. Fields are listed one by one: a spread of `times` costs
   * far more on every write.
   */
  forLayer(
    layer: Store,
    times: EntryTimes,
    prepared: PreparedValue,
    version: number | undefined,
  ): StoredEntry {
    const shared = layer.shared ? version : undefined
    if (layer.serializes) {
      const payload = prepared.payload!
      return {
        value: payload,
        createdAt: times.createdAt,
        expiresAt: times.expiresAt,
        staleUntil: times.staleUntil,
        tags: times.tags,
        size: payload.length,
        version: shared,
      }
    }
    const object = prepared.object!
    return {
      value: object.value,
      createdAt: times.createdAt,
      expiresAt: times.expiresAt,
      staleUntil: times.staleUntil,
      tags: times.tags,
      size: object.bytes,
      mutable: object.mutable,
      version: shared,
    }
  }

  /** Re-shapes an entry read from one layer, whose user value is `value`, for another (back-fill). */
  convert(entry: StoredEntry, value: unknown, from: Store, to: Store): StoredEntry {
    if (from.serializes === to.serializes) return entry
    return this.forLayer(to, entry, this.prepareFor(value, [to]), entry.version)
  }

  /**
   * The user-facing value of an entry: decoded, or a private copy when it holds mutable parts. A
   * payload never inflates past the layer's `maxValueBytes` (what a write of it would have been
   * refused over): bytes planted by someone else are data, not a way to stall the process.
   */
  decode(entry: StoredEntry, layer: Store): unknown {
    if (layer.serializes)
      return this.serializer.deserialize(decompressPayload(entry.value as string, layer.maxValueBytes))
    return entry.mutable ? cloneValue(entry.value) : entry.value
  }
}
