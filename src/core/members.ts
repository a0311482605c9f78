/**
 * A member as every surface names them and keeps their time: their profile, their name made
 * safe to show, and the time zone their days follow. Pure functions of the merged state.
 */
import { systemTimeZone } from './dates';
import { memberEntityId } from './ids';
import { safeText } from './safeText';
import type { Member } from './entities';
import { memberName, type TeamState } from './team';

/** The profile (`member:<id>`) of `member`; undefined while their file has none. */
export function memberProfile(state: TeamState, member: string): Member | undefined {
  return state.entities.member.get(memberEntityId(member));
}

/**
 * The IANA time zone `member`'s days follow: their profile's, else this machine's (for a member
 * not set up yet, or `undefined`, "me" before I am known).
 */
export function timeZoneOf(state: TeamState, member: string | undefined): string {
  return (member && memberProfile(state, member)?.timeZone) || systemTimeZone();
}

/**
 * A member's name as every surface shows it: their profile name (or their id), made safe with
 * {@link safeText}, since a teammate writes their own name. For files and commit messages use
 * {@link memberName}, which is the name as written.
 */
export function displayName(state: TeamState, member: string): string {
  return safeText(memberName(state, member));
}
