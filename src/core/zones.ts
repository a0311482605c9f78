/**
 * Time-zone names in the data, and the zone this runtime computes with for each: a module of
 * its own so that the day arithmetic (dates.ts, localDays.ts) can both use it without a cycle.
 */
import { tzOffset } from '@date-fns/tz';

/**
 * One component of a tz database name: an ASCII letter, then up to 13 more ASCII letters,
 * digits, `.`, `-`, `_` or `+` (14 at most).
 */
const ZONE_COMPONENT = '[A-Za-z][A-Za-z0-9._+-]{0,13}';
/** `Area`, `Area/Location` or `Area/Location/Sub`: at most 3 components, so at most 44 characters. */
const ZONE_NAME = new RegExp(`^${ZONE_COMPONENT}(?:/${ZONE_COMPONENT}){0,2}$`);

/**
 * Whether `text` has the shape of a tz database (IANA) time zone name: `Europe/Berlin`,
 * `America/Argentina/Buenos_Aires`, `UTC`, `Etc/GMT+5`, `EST5EDT`. Purely syntactic, so it
 * gives the same answer on every machine, whatever its ICU or tz data knows: a zone added to
 * tzdata after this runtime was built (America/Coyhaique, 2025) is still a name.
 *
 * The rule is the naming guideline of the tz database's Theory file ("Timezone identifiers",
 * https://data.iana.org/time-zones/theory.html#naming): names are 1 to 3 `/`-separated
 * components, none empty, none `.` or `..`, none starting with `-`, none longer than 14
 * characters, made of ASCII letters, `.`, `-` and `_`, and the name is not `Etc/Unknown`
 * (CLDR's word for "no zone"). Digits and `+` are allowed too, for the legacy names the
 * Theory file keeps (`Etc/GMT+5`, `EST5EDT`, `GMT0`). Slightly stricter than the Theory file,
 * a component starts with a letter, as every name in the database does. Case is not checked:
 * the Theory file forbids names that differ only in case, and ICU matches them either way.
 */
export function isTimeZoneName(text: string): boolean {
  return text.length <= 44 && ZONE_NAME.test(text) && text.toLowerCase() !== 'etc/unknown';
}

/** A stored zone as this runtime computes with it. */
export interface ComputeZone {
  /** The zone to compute with: the stored zone when this runtime knows it, else `UTC`. */
  readonly timeZone: string;
  /** True when this runtime does not know the stored zone (or it is not a zone name) and times are in UTC instead. */
  readonly fellBack: boolean;
}

const UTC_ZONE: ComputeZone = { timeZone: 'UTC', fellBack: false };
/** Answers per zone name. A fact about this runtime, so it never goes stale; capped because names come from files. */
const computeZones = new Map<string, ComputeZone>();
const MAX_REMEMBERED_ZONES = 512;

/**
 * The zone to compute with for a zone stored in the data: `{ timeZone: stored, fellBack:
 * false }` when this runtime's ICU knows it, else `{ timeZone: 'UTC', fellBack: true }`. A
 * zone is valid data by its name alone (`isTimeZoneName`), so a partner's zone that is newer
 * than this runtime's tz data loads and is shown in UTC here, with a note, instead of making
 * Intl or TZDate throw a RangeError deep inside a view. Every computation with a member's
 * zone goes through here (dayIn, instantAt, LocalDays, TeamMetrics, dueContext, the status
 * and the Partners view). Never throws; memoized, as building an Intl.DateTimeFormat is slow.
 */
export function zoneToComputeWith(stored: string): ComputeZone {
  if (stored === 'UTC') return UTC_ZONE;
  let answer = computeZones.get(stored);
  if (!answer) {
    answer = runtimeKnows(stored) ? { timeZone: stored, fellBack: false } : { timeZone: 'UTC', fellBack: true };
    if (computeZones.size >= MAX_REMEMBERED_ZONES) computeZones.clear();
    computeZones.set(stored, answer);
  }
  return answer;
}

function runtimeKnows(zone: string): boolean {
  if (typeof zone !== 'string' || !isTimeZoneName(zone)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
  } catch {
    return false;
  }
  // TZDate and tzOffset read offsets through Intl's longOffset format; they must be able to as well.
  return Number.isFinite(tzOffset(zone, new Date(0)));
}

/**
 * The calm note shown where someone's times are computed in UTC because this runtime does
 * not know their zone: "Times in UTC here: this VS Code does not know America/Coyhaique".
 * The zone is named only when it is a zone name (ASCII letters, digits and `._+-/`, so it
 * carries no icon syntax or bidi controls); undefined when the zone is known here.
 */
export function zoneFallbackNote(stored: string): string | undefined {
  if (!zoneToComputeWith(stored).fellBack) return undefined;
  return `Times in UTC here: this VS Code does not know ${isTimeZoneName(stored) ? stored : 'this time zone'}`;
}

/**
 * Whether `timeZone` is a zone name that this runtime also knows: for a person choosing
 * their own zone in Set Up. Never use it to judge data: a partner's zone is checked by
 * `isTimeZoneName` only.
 */
export function isValidTimeZone(timeZone: string): boolean {
  return isTimeZoneName(timeZone) && !zoneToComputeWith(timeZone).fellBack;
}
