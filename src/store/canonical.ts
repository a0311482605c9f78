/**
 * Canonical JSON: object keys sorted, 2-space indent, trailing newline. The same data always
 * gives the same bytes, so editing one entity changes only that entity's lines in a diff.
 */
export function canonicalJson(value: unknown): string {
  // Native stringify does the formatting; sortedDeep only copies objects whose keys are out of
  // order, so data read from a canonical file (JSON.parse keeps key order) is not copied.
  return `${JSON.stringify(sortedDeep(value), null, 2)}\n`;
}

function sortedDeep(value: unknown): unknown {
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
