/**
 * Loading a two-year team validates hundreds of thousands of field values. valibot builds a
 * dataset object per call; this compiles the same schemas into plain predicates for the common
 * pieces (strings, numbers, booleans, picklists, arrays, objects and their length, range and
 * pattern checks). A predicate answers only "valid"; anything it rejects goes to valibot for the
 * exact message, and a schema with a piece it does not know is always checked by valibot.
 * So valibot stays the one definition; this is only a faster way to say "yes".
 */
import * as v from 'valibot';

export type Check = (value: unknown) => boolean;

interface SchemaLike {
  kind?: string;
  type: string;
  pipe?: readonly SchemaLike[];
  requirement?: unknown;
  options?: readonly unknown[];
  item?: SchemaLike;
  wrapped?: SchemaLike;
  entries?: Record<string, SchemaLike>;
}

/** A predicate equivalent to `v.is(schema, value)` for the pieces it knows, or undefined. */
export function compileCheck(schema: v.GenericSchema): Check | undefined {
  return compile(schema as unknown as SchemaLike);
}

function compile(schema: SchemaLike): Check | undefined {
  const [root, ...actions] = schema.pipe ?? [schema];
  const base = compileBase(root!);
  if (!base) return undefined;
  const steps: ((value: unknown) => unknown)[] = [];
  for (const action of actions) {
    const step = compileAction(action);
    if (!step) return undefined;
    steps.push(step);
  }
  if (steps.length === 0) return base;
  return (value) => {
    if (!base(value)) return false;
    let current: unknown = value;
    for (const step of steps) {
      current = step(current);
      if (current === FAIL) return false;
    }
    return true;
  };
}

const FAIL = Symbol('fail');

function compileBase(schema: SchemaLike): Check | undefined {
  switch (schema.type) {
    case 'string':
      return (value) => typeof value === 'string';
    case 'number':
      return (value) => typeof value === 'number' && !Number.isNaN(value);
    case 'boolean':
      return (value) => typeof value === 'boolean';
    case 'picklist': {
      const options = new Set(schema.options);
      return (value) => options.has(value as never);
    }
    case 'optional': {
      const inner = schema.wrapped && compile(schema.wrapped);
      return inner && ((value) => value === undefined || inner(value));
    }
    case 'array': {
      const item = schema.item && compile(schema.item);
      return item && ((value) => Array.isArray(value) && value.every(item));
    }
    case 'loose_object': {
      const entries = Object.entries(schema.entries ?? {}).map(([key, entry]) => [key, compile(entry)] as const);
      if (entries.some(([, check]) => !check)) return undefined;
      return (value) => {
        if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
        const record = value as Record<string, unknown>;
        return entries.every(([key, check]) => check!(Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined));
      };
    }
    default:
      return undefined;
  }
}

function compileAction(action: SchemaLike): ((value: unknown) => unknown) | undefined {
  const requirement = action.requirement;
  switch (action.type) {
    case 'trim':
      return (value) => (value as string).trim();
    case 'max_length':
      return (value) => ((value as { length: number }).length <= (requirement as number) ? value : FAIL);
    case 'min_length':
      return (value) => ((value as { length: number }).length >= (requirement as number) ? value : FAIL);
    case 'max_value':
      return (value) => ((value as number) <= (requirement as number) ? value : FAIL);
    case 'min_value':
      return (value) => ((value as number) >= (requirement as number) ? value : FAIL);
    case 'integer':
      return (value) => (Number.isInteger(value) ? value : FAIL);
    case 'finite':
      return (value) => (Number.isFinite(value) ? value : FAIL);
    case 'check':
      if (typeof requirement !== 'function') return undefined;
      return (value) => ((requirement as (v: unknown) => boolean)(value) ? value : FAIL);
    case 'regex':
    case 'iso_timestamp':
      if (!(requirement instanceof RegExp) || requirement.global || requirement.sticky) return undefined;
      return (value) => (requirement.test(value as string) ? value : FAIL);
    default:
      return undefined;
  }
}
