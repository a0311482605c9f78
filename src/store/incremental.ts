/**
 * Reading a new version of a member file against a version already read: in the canonical
 * layout Accord writes (sorted keys, 2-space indent, one entity per block of lines at four
 * spaces), an entity whose text is byte for byte the same as in the old version is the same
 * record, so only the changed entities and the file's own keys are parsed and validated. A
 * copy of a file on another branch, or a partner's file after a pull, usually differs in a few
 * entities of thousands. Anything else (another layout, a byte-order mark, conflict markers,
 * an entity id twice, another schema, a problem in the file) is parsed whole, as before, so
 * the result and every error are the same as parseMemberFile's.
 */
import { AccordFileError } from './errors';
import { checkNesting, type MemberFileData, MAX_FILE_BYTES, type ParseOptions, parseMemberFile, serializeMemberFile } from './format';
import { CURRENT_SCHEMA } from './migrations';

/** A version of a file already read and validated: its text and its data. */
export interface ReadVersion {
  text: string;
  data: MemberFileData;
}

interface Layout {
  /** Up to and including the line `  "entities": {`. */
  head: string;
  /** Each entity's block of lines, without the comma and newline after it. */
  blocks: Map<string, string>;
  /** From the line `  }` that closes the entities to the end. */
  tail: string;
}

const ENTITIES_OPEN = '\n  "entities": {\n';
const SCHEMA_LINE = `\n  "schema": ${CURRENT_SCHEMA}\n`;
const layouts = new WeakMap<MemberFileData, Layout | null>();

/** The blocks of a text in Accord's canonical layout, or undefined when it is not in it. */
function layoutOf(text: string): Layout | undefined {
  const open = text.indexOf(ENTITIES_OPEN);
  if (open < 0 || text.charCodeAt(0) !== 0x7b /* { */) return undefined;
  const head = text.slice(0, open + ENTITIES_OPEN.length);
  const blocks = new Map<string, string>();
  let at = head.length;
  let comma = false;
  while (text.startsWith('    "', at)) {
    const keyEnd = text.indexOf('": {\n', at + 5);
    const lineEnd = text.indexOf('\n', at);
    if (keyEnd < 0 || keyEnd > lineEnd) return undefined;
    const id = text.slice(at + 5, keyEnd);
    // Ids are plain (letters, digits, - _ : .): an escape would make the text differ from the key.
    if (!/^[A-Za-z0-9_.:-]+$/.test(id) || id === '__proto__' || blocks.has(id)) return undefined;
    const close = text.indexOf('\n    }', lineEnd);
    if (close < 0) return undefined;
    let next = close + 6;
    comma = text.charCodeAt(next) === 0x2c;
    if (comma) next++;
    if (text.charCodeAt(next) !== 0x0a) return undefined;
    blocks.set(id, text.slice(at, close + 6));
    at = next + 1;
    if (!comma) break;
  }
  // A comma after the last entity is not JSON: left to the whole parse to say so.
  if (comma || !text.startsWith('  }', at)) return undefined;
  const tail = text.slice(at);
  if (!tail.includes(SCHEMA_LINE)) return undefined;
  return { head, blocks, tail };
}

/**
 * The base's blocks, only when its text is exactly Accord's canonical text of its data: then
 * each block is the text of exactly one record, and a block found again byte for byte is that
 * record. A hand-edited file could hide a second entity inside what looks like one block.
 */
function baseLayout(base: ReadVersion): Layout | undefined {
  let layout = layouts.get(base.data);
  if (layout === undefined) {
    let canonical = false;
    try {
      canonical = serializeMemberFile(base.data) === base.text;
    } catch {
      canonical = false; // a number JSON cannot hold: not Accord's text
    }
    layout = (canonical && layoutOf(base.text)) || null;
    layouts.set(base.data, layout);
  }
  return layout ?? undefined;
}

/**
 * Parses and validates `text` as a member file, reusing the records of `base` (the same
 * member's file as read before) for every entity whose text is unchanged. The result equals
 * parseMemberFile(text, options).data; errors are parseMemberFile's, with their lines.
 * Throws AccordFileError as parseMemberFile does.
 */
export function parseAgainst(text: string, base: ReadVersion | undefined, options: ParseOptions): MemberFileData {
  const whole = () => parseMemberFile(text, options).data;
  if (!base || options.migrations || options.resolveConflicts || text.length > MAX_FILE_BYTES) return whole();
  const old = baseLayout(base);
  const layout = old && layoutOf(text);
  if (!old || !layout) return whole();
  const changed: string[] = [];
  const changedIds: string[] = [];
  for (const [id, block] of layout.blocks) {
    if (old.blocks.get(id) === block) continue;
    changed.push(block);
    changedIds.push(id);
  }
  let reduced: MemberFileData;
  try {
    // Depth and container limits are of the whole text, as parseMemberFile counts them.
    checkNesting(text, options.file);
    reduced = parseMemberFile(`${layout.head}${changed.join(',\n')}${changed.length ? '\n' : ''}${layout.tail}`, options).data;
  } catch (error) {
    if (error instanceof AccordFileError) return whole(); // the same error, at its real line
    throw error;
  }
  // Each changed block holds exactly its own entity, or the text is read whole.
  const parsedIds = Object.keys(reduced.entities);
  if (parsedIds.length !== changedIds.length || changedIds.some((id) => !Object.hasOwn(reduced.entities, id))) return whole();
  // A plain object, as JSON.parse makes it (`__proto__` never gets here).
  const entities: MemberFileData['entities'] = {};
  for (const [id, block] of layout.blocks) entities[id] = old.blocks.get(id) === block ? base.data.entities[id]! : reduced.entities[id]!;
  return { ...reduced, entities };
}
