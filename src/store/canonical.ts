/**
 * Canonical JSON: object keys sorted, 2-space indent, trailing newline. The same data always
 * gives the same bytes, so editing one entity changes only that entity's lines in a diff.
 * Throws RangeError for a number JSON cannot hold (Infinity, NaN) rather than write null.
 */
export function canonicalJson(value: unknown): string {
  // Native stringify does the formatting; sortedDeep only copies objects whose keys are out of
  // order, so data read from a canonical file (JSON.parse keeps key order) is not copied.
  return `${JSON.stringify(sortedDeep(value), null, 2)}\n`;
}

function sortedDeep(value: unknown): unknown {
  // JSON.stringify would write Infinity and NaN as null: a file the reader then refuses.
  if (typeof value === 'number' && !Number.isFinite(value)) throw new RangeError(`${value} cannot be written as JSON.`);
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item = value[i];
      const sorted = item === undefined ? null : sortedDeep(item);
      if (sorted !== item && !copy) copy = value.slice(0, i);
      if (copy) copy.push(sorted);
    }
    return copy ?? value;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  let inOrder = Object.getPrototypeOf(record) === Object.prototype || Object.getPrototypeOf(record) === null;
  for (let i = 1; inOrder && i < keys.length; i++) if (keys[i - 1]! > keys[i]!) inOrder = false;
  let changed = !inOrder;
  const children: unknown[] = new Array(keys.length);
  for (let i = 0; i < keys.length; i++) {
    const child = record[keys[i]!];
    const sorted = sortedDeep(child);
    children[i] = sorted;
    if (sorted !== child || child === undefined) changed = true;
  }
  if (!changed) return value;
  const order = keys.map((key, i) => [key, children[i]] as const).filter(([, child]) => child !== undefined);
  order.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const out: Record<string, unknown> = {};
  for (const [key, child] of order) Object.defineProperty(out, key, { value: child, enumerable: true, writable: true, configurable: true });
  return out;
}

function isIndexKey(key: string): boolean {
  const first = key.charCodeAt(0);
  return first >= 48 && first <= 57 && /^(0|[1-9]\d{0,9})$/.test(key) && Number(key) < 4294967295;
}

/** Keys in the order a JS object built from them would keep: array-index keys first, by value, then the rest sorted. */
function objectKeyOrder(keys: string[]): string[] {
  const numeric: string[] = [];
  const named: string[] = [];
  for (const key of keys) (isIndexKey(key) ? numeric : named).push(key);
  named.sort();
  if (numeric.length === 0) return named;
  numeric.sort((a, b) => Number(a) - Number(b));
  return [...numeric, ...named];
}

/** Where `key` goes in a list in objectKeyOrder. */
function insertInOrder(list: string[], key: string): void {
  const before = (a: string, b: string) => (isIndexKey(a) ? !isIndexKey(b) || Number(a) < Number(b) : !isIndexKey(b) && a < b);
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (before(list[mid]!, key)) low = mid + 1;
    else high = mid;
  }
  list.splice(low, 0, key);
}

/**
 * Canonical JSON of a member file, byte for byte the same as canonicalJson, that keeps the text
 * of each entity and reuses it while the entity's record is the same object (edits replace
 * records rather than change them): writing one check-in into a large file re-serializes one
 * entity, not all of them.
 */
export class EntityTextCache {
  /** Each record's lines as UTF-8 bytes: encoded once, then copied, never re-joined as strings. */
  private readonly texts = new WeakMap<object, { id: string; bytes: Buffer }>();
  /** The entity ids in order, kept up to date as ids are added (and rebuilt when any goes). */
  private order: { ids: string[]; known: Set<string> } | undefined;

  serialize(data: Record<string, unknown>): string {
    return this.serializeBytes(data).toString('utf8');
  }

  serializeBytes(data: Record<string, unknown>): Buffer {
    const keys = objectKeyOrder(Object.keys(data).filter((key) => data[key] !== undefined));
    if (keys.length === 0) return Buffer.from('{}\n');
    const parts: Buffer[] = [Buffer.from('{\n')];
    keys.forEach((key, i) => {
      const value = data[key];
      parts.push(Buffer.from(`  ${JSON.stringify(key)}: `));
      if (key === 'entities' && isRecord(value)) this.entities(value, parts);
      else parts.push(Buffer.from(indent(canonicalJson(value).slice(0, -1), '  ')));
      parts.push(Buffer.from(i < keys.length - 1 ? ',\n' : '\n'));
    });
    parts.push(Buffer.from('}\n'));
    return Buffer.concat(parts);
  }

  private sortedIds(entities: Record<string, unknown>): string[] {
    const keys = Object.keys(entities).filter((id) => entities[id] !== undefined);
    const order = this.order;
    if (order && keys.length >= order.ids.length) {
      const added = keys.filter((id) => !order.known.has(id));
      if (keys.length === order.ids.length + added.length) {
        for (const id of added) {
          insertInOrder(order.ids, id);
          order.known.add(id);
        }
        return order.ids;
      }
    }
    const ids = objectKeyOrder(keys);
    this.order = { ids, known: new Set(ids) };
    return ids;
  }

  private entities(entities: Record<string, unknown>, parts: Buffer[]): void {
    const ids = this.sortedIds(entities);
    if (ids.length === 0) {
      parts.push(Buffer.from('{}'));
      return;
    }
    parts.push(Buffer.from('{\n'));
    ids.forEach((id, i) => this.entity(id, entities[id], i === ids.length - 1, parts));
    parts.push(Buffer.from('  }'));
  }

  /** `    "<id>": { … }` for one entity, from the cache while its record is the same object under the same id. */
  private entity(id: string, record: unknown, last: boolean, parts: Buffer[]): void {
    const render = () => Buffer.from(`    ${JSON.stringify(id)}: ${indent(canonicalJson(record).slice(0, -1), '    ')}`);
    let bytes: Buffer;
    if (!isRecord(record)) {
      bytes = render();
    } else {
      const cached = this.texts.get(record);
      if (cached?.id === id) {
        bytes = cached.bytes;
      } else {
        bytes = render();
        this.texts.set(record, { id, bytes });
      }
    }
    parts.push(bytes, last ? NEWLINE : COMMA_NEWLINE);
  }
}

const NEWLINE = Buffer.from('\n');
const COMMA_NEWLINE = Buffer.from(',\n');

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** JSON text never holds a raw newline inside a string, so every newline starts a line. */
function indent(text: string, by: string): string {
  return text.replace(/\n/g, `\n${by}`);
}
