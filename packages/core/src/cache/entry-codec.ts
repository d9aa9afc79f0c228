import { errors, fail, LayercacheError } from '../errors.js'
import { keepsReferences } from '../memory/memory-store.js'
import { utf8ByteLength } from '../serialization/binary.js'
import { compressPayload, decompressPayload, type ResolvedCompression } from '../serialization/compression.js'
import type { Serializer } from '../serialization/serializer.js'
import {
  cloneValue,
  type SizeLimit,
  snapshotValue,
  type ValueSnapshot,
} from '../serialization/value-snapshot.js'
import type { CacheLayer } from '../store/cache-layer.js'
import type { StoredEntry } from '../store/store.js'

/** The times and tags of an entry, before its value is shaped for a layer. */
export interface EntryTimes {
  readonly createdAt: number
  readonly expiresAt: number
  readonly staleUntil: number
  readonly tags?: readonly string[] | undefined
}

/** A value prepared once per write, in the forms its layers need. */
export interface PreparedValue {
  /** The caller's value itself, for layers that keep references (`copyValues: false`). */
  value: unknown
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
    private readonly layers: readonly CacheLayer[],
  ) {
    this.limits = sizeLimits(layers)
  }

  private readonly limits: SizeLimits

  /** Prepares `value` for every layer and checks each layer's size limit; throws before any write. */
  prepare(value: unknown): PreparedValue {
    return this.prepareFor(value, this.layers, this.limits)
  }

  /**
   * The frozen copy of `value` for a cache whose only layer keeps objects (what {@link EntryCodec.prepare}
   * would make for it, without the other forms).
   */
  snapshot(value: unknown): ValueSnapshot {
    return snapshotValue(value, this.limits.object)
  }

  /**
   * Prepares `value` for `layers` only (a back-fill needs one form, not all of them). Each form is
   * made once, under the smallest size limit of the layers that take it, and refused as soon as its
   * count passes that limit: a value far too large costs a partial walk, not a whole copy or text.
   */
  prepareFor(value: unknown, layers: readonly CacheLayer[], limits = sizeLimits(layers)): PreparedValue {
    if (value === undefined) {
      fail(errors.UNSERIALIZABLE_VALUE, 'undefined cannot be cached: it means "miss"; store null instead')
    }
    const prepared: PreparedValue = { value }
    if (limits.object !== undefined) prepared.object = snapshotValue(value, limits.object)
    if (limits.text !== undefined) {
      const serialized = this.serialize(value, limits.text)
      // The size before compression: what reading it back inflates to, and the cap on that.
      const bytes = utf8ByteLength(serialized)
      if (bytes > limits.text.maxBytes) limits.text.refuse(bytes)
      prepared.serializedBytes = bytes
      prepared.payload = compressPayload(serialized, this.compression)
    }
    return prepared
  }

  private serialize(value: unknown, limit: LayerLimit): string {
    if (limit.maxBytes === Number.POSITIVE_INFINITY) return this.serializer.serialize(value)
    try {
      return this.serializer.serialize(value, limit.maxBytes)
    } catch (error) {
      // Name the layer whose limit it was, as the check after serializing does.
      if (LayercacheError.hasCode(error, errors.VALUE_TOO_LARGE)) limit.refuse()
      throw error
    }
  }

  /**
   * The entry to store in `layer`. Shared layers get the write's `version` (what their conditional
   * writes compare); local layers need none. Fields are listed one by one: a spread of `times` costs
   * far more on every write.
   */
  forLayer(
    layer: CacheLayer,
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
    if (keepsReferences(layer)) {
      return {
        value: prepared.value,
        createdAt: times.createdAt,
        expiresAt: times.expiresAt,
        staleUntil: times.staleUntil,
        tags: times.tags,
        size: 0,
        mutable: false,
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
  convert(entry: StoredEntry, value: unknown, from: CacheLayer, to: CacheLayer): StoredEntry {
    if (from.serializes === to.serializes) return entry
    return this.forLayer(to, entry, this.prepareFor(value, [to]), entry.version)
  }

  /**
   * The user-facing value of an entry: decoded, or a private copy when it holds mutable parts. A
   * payload never inflates past the layer's `maxValueBytes` (what a write of it would have been
   * refused over): bytes planted by someone else are data, not a way to stall the process.
   */
  decode(entry: StoredEntry, layer: CacheLayer): unknown {
    if (layer.serializes)
      return this.serializer.deserialize(decompressPayload(entry.value as string, layer.maxValueBytes))
    return entry.mutable ? cloneValue(entry.value) : entry.value
  }
}

/** The size limits a value is prepared under: one per form, `undefined` when no layer takes it. */
interface SizeLimits {
  /** For the frozen copy kept by layers that do not serialize. */
  readonly object: LayerLimit | undefined
  /** For the payload of layers that serialize, in UTF-8 bytes. */
  readonly text: LayerLimit | undefined
}

/** The smallest size limit of some layers (`Infinity` when none has one), and how to refuse a value over it. */
interface LayerLimit extends SizeLimit {
  readonly refuse: (counted?: number) => never
}

function sizeLimits(layers: readonly CacheLayer[]): SizeLimits {
  return { object: smallestLimit(layers, false), text: smallestLimit(layers, true) }
}

function smallestLimit(layers: readonly CacheLayer[], serializes: boolean): LayerLimit | undefined {
  // Layers that keep references take neither form.
  const taking = layers.filter((layer) => layer.serializes === serializes && !keepsReferences(layer))
  if (taking.length === 0) return undefined
  let smallest: CacheLayer | undefined
  for (const layer of taking) {
    if (layer.maxValueBytes !== undefined && layer.maxValueBytes < (smallest?.maxValueBytes ?? Infinity))
      smallest = layer
  }
  return {
    maxBytes: smallest?.maxValueBytes ?? Number.POSITIVE_INFINITY,
    // `counted` is the value's size, or what was counted of it when counting stopped.
    refuse: (counted) =>
      fail(
        errors.VALUE_TOO_LARGE,
        `the value is over the ${smallest!.maxValueBytes}-byte limit of layer '${smallest!.name}'` +
          (counted === undefined ? '' : ` (${counted} bytes counted)`),
      ),
  }
}
