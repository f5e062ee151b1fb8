// Light YAML nodes for the fast block parser. eemeli/yaml's node classes set their identity with
// Object.defineProperty in every constructor, which made building them half the cost of a fast parse. These carry
// only what the services read (items, key, value, range, source, type) and take yaml's identity from their
// prototype: yaml recognises a node by the registered symbol `Symbol.for('yaml.node.type')` (its identity module),
// so its isMap / isSeq / isScalar / isPair accept them. test/unit/yaml/blockYaml.test.ts checks that with yaml's
// own guards on every real DVC file.
import type { Range as YamlRange, Scalar } from 'yaml';

const NODE_TYPE = Symbol.for('yaml.node.type');

export class LightScalar {
  source?: string;
  type?: Scalar.Type;
  constructor(
    public value: unknown,
    public range: YamlRange,
  ) {}
}

export class LightPair {
  constructor(
    public key: LightScalar,
    public value: LightNode,
  ) {}
}

export class LightMap {
  constructor(
    readonly items: LightPair[],
    public range: YamlRange,
  ) {}
}

export class LightSeq {
  constructor(
    readonly items: LightNode[],
    public range: YamlRange,
  ) {}
}

export type LightNode = LightScalar | LightMap | LightSeq;

for (const [type, name] of [
  [LightScalar, 'yaml.scalar'],
  [LightPair, 'yaml.pair'],
  [LightMap, 'yaml.map'],
  [LightSeq, 'yaml.seq'],
] as const) {
  Object.defineProperty(type.prototype, NODE_TYPE, { value: Symbol.for(name) });
}
