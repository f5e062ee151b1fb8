// Feast's value types (protos/feast/types/Value.proto ValueType.Enum) and the Python type names feature definitions
// use for them (sdk/python/feast/types.py VALUE_TYPES_TO_FEAST_TYPES, Feast 0.66).

const SCALARS: Record<number, [string, string]> = {
  0: ['UNKNOWN', 'Invalid'],
  1: ['BYTES', 'Bytes'],
  2: ['STRING', 'String'],
  3: ['INT32', 'Int32'],
  4: ['INT64', 'Int64'],
  5: ['DOUBLE', 'Float64'],
  6: ['FLOAT', 'Float32'],
  7: ['BOOL', 'Bool'],
  8: ['UNIX_TIMESTAMP', 'UnixTimestamp'],
  19: ['NULL', 'Null'],
  20: ['MAP', 'Map'],
  32: ['JSON', 'Json'],
  34: ['STRUCT', 'Struct'],
  36: ['UUID', 'Uuid'],
  37: ['TIME_UUID', 'TimeUuid'],
  44: ['DECIMAL', 'Decimal'],
  47: ['SCALAR_MAP', 'ScalarMap'],
  48: ['ZONED_TIMESTAMP', 'ZonedTimestamp'],
};

/** Lists and sets: the enum value → the scalar they hold. */
const COLLECTIONS: Record<number, [string, number]> = {
  11: ['LIST', 1], 12: ['LIST', 2], 13: ['LIST', 3], 14: ['LIST', 4], 15: ['LIST', 5], 16: ['LIST', 6], 17: ['LIST', 7],
  18: ['LIST', 8], 21: ['LIST', 20], 33: ['LIST', 32], 35: ['LIST', 34], 38: ['LIST', 36], 39: ['LIST', 37],
  45: ['LIST', 44], 22: ['SET', 1], 23: ['SET', 2], 24: ['SET', 3], 25: ['SET', 4], 26: ['SET', 5], 27: ['SET', 6],
  28: ['SET', 7], 29: ['SET', 8], 40: ['SET', 36], 41: ['SET', 37], 46: ['SET', 44],
};

/** ValueType.Enum name (INT64, STRING_LIST, …); a value this table does not know is named by its number. */
export function valueTypeName(value: number): string {
  const scalar = SCALARS[value];
  if (scalar) return scalar[0];
  const collection = COLLECTIONS[value];
  if (collection) return `${SCALARS[collection[1]]?.[0]}_${collection[0]}`;
  return `VALUE_TYPE_${value}`;
}

/** The Python dtype: Float32, Int64, Array(String), Set(Int64). */
export function dtypeOf(value: number): string {
  const scalar = SCALARS[value];
  if (scalar) return scalar[1];
  const collection = COLLECTIONS[value];
  if (collection) return `${collection[0] === 'LIST' ? 'Array' : 'Set'}(${SCALARS[collection[1]]?.[1]})`;
  return `ValueType(${value})`;
}

/** ValueType.Enum number of a name, for writing registries (the demo, tests). */
export function valueTypeNumber(name: string): number {
  for (const [n, [enumName]] of Object.entries(SCALARS)) if (enumName === name) return Number(n);
  for (const n of Object.keys(COLLECTIONS)) if (valueTypeName(Number(n)) === name) return Number(n);
  throw new Error(`unknown Feast value type ${name}`);
}
