// Feast's online-store key: serialize_entity_key (feast/infra/key_encoding_utils.py), not protobuf, so it is stable.
// Join keys are sorted with their values; each key is `<u32 STRING=2><utf-8>` and each value
// `<u32 value type><u32 length><bytes>`, all little-endian. Version 3 (Feast 0.40+) prefixes
// the key count and each key's length; versions 1 and 2 do not; version 1 packs INT64 values in 4 bytes
// (struct "<l"), later versions in 8. entity_key_serialization_version in feature_store.yaml picks it; its default
// was 1 through Feast 0.49 and is 3 since 0.50, so a file without it is looked up under every version.

export type EntityValue = string | number | bigint;

const STRING = 2;
const INT32 = 3;
const INT64 = 4;
const BYTES = 1;

export interface EntityKeyPart {
  joinKey: string;
  /** Feast ValueType name of the join column: STRING, INT64, INT32, BYTES. */
  valueType: string;
  value: EntityValue;
}

export function serializeEntityKey(parts: EntityKeyPart[], version: number): Uint8Array {
  const sorted = [...parts].sort((a, b) => (a.joinKey < b.joinKey ? -1 : a.joinKey > b.joinKey ? 1 : 0));
  const chunks: Uint8Array[] = [];
  if (version > 2) chunks.push(u32(sorted.length));
  for (const part of sorted) {
    const key = Buffer.from(part.joinKey, 'utf8');
    chunks.push(u32(STRING));
    if (version > 2) chunks.push(u32(key.length));
    chunks.push(key);
  }
  for (const part of sorted) {
    const [type, bytes] = valueBytes(part, version);
    chunks.push(u32(type), u32(bytes.length), bytes);
  }
  return Buffer.concat(chunks);
}

function valueBytes(part: EntityKeyPart, version: number): [number, Uint8Array] {
  switch (part.valueType) {
    case 'INT64': {
      if (version <= 1) {
        const b = Buffer.alloc(4);
        b.writeInt32LE(Number(part.value));
        return [INT64, b];
      }
      const b = Buffer.alloc(8);
      b.writeBigInt64LE(BigInt(part.value));
      return [INT64, b];
    }
    case 'INT32': {
      const b = Buffer.alloc(4);
      b.writeInt32LE(Number(part.value));
      return [INT32, b];
    }
    case 'BYTES':
      return [BYTES, Buffer.from(String(part.value), 'utf8')];
    default:
      return [STRING, Buffer.from(String(part.value), 'utf8')];
  }
}

function u32(n: number): Uint8Array {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
}

/**
 * The join keys and values of a serialized key, given the join keys the view's entities have (versions 1–2 do not
 * write key lengths, so the names must be known). Null when the bytes do not fit either layout.
 */
export function deserializeEntityKey(bytes: Uint8Array, joinKeys: string[]): { joinKey: string; value: EntityValue }[] | null {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const sorted = [...joinKeys].sort();
  return readKey(buf, sorted, true) ?? readKey(buf, sorted, false);
}

function readKey(buf: Buffer, keys: string[], withLengths: boolean): { joinKey: string; value: EntityValue }[] | null {
  let at = 0;
  const need = (n: number) => at + n <= buf.length;
  if (withLengths) {
    if (!need(4) || buf.readUInt32LE(0) !== keys.length) return null;
    at = 4;
  }
  for (const key of keys) {
    const encoded = Buffer.from(key, 'utf8');
    if (!need(4) || buf.readUInt32LE(at) !== STRING) return null;
    at += 4;
    if (withLengths) {
      if (!need(4) || buf.readUInt32LE(at) !== encoded.length) return null;
      at += 4;
    }
    if (!need(encoded.length) || !buf.subarray(at, at + encoded.length).equals(encoded)) return null;
    at += encoded.length;
  }
  const out: { joinKey: string; value: EntityValue }[] = [];
  for (const key of keys) {
    if (!need(8)) return null;
    const type = buf.readUInt32LE(at);
    const length = buf.readUInt32LE(at + 4);
    at += 8;
    if (!need(length)) return null;
    const value = buf.subarray(at, at + length);
    at += length;
    out.push({ joinKey: key, value: decodeValue(type, value) });
  }
  return at === buf.length ? out : null;
}

function decodeValue(type: number, bytes: Buffer): EntityValue {
  if (type === INT64 && bytes.length === 8) {
    const big = bytes.readBigInt64LE(0);
    return big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
  }
  if ((type === INT64 || type === INT32) && bytes.length === 4) return bytes.readInt32LE(0);
  return bytes.toString('utf8');
}
