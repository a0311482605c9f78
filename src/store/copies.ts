/**
 * The copies of member files that git holds on branches, as the store keeps them (see
 * branchRead.ts): each member's copies, the copies that could not be used, which copies of my
 * own file my working file already holds, and each member's records merged from working file
 * and copies, remembered until either changes.
 */
import { type EntityRecord, MAX_CLOCK, MAX_TRUSTED_CLOCK, mergeOwnCopy } from '../core';
import type { BranchRead, MemberCopy } from './branchRead';
import { AccordFileError } from './errors';
import { highestClock, type MemberFileData } from './format';

export class BranchCopies {
  private copies = new Map<string, MemberCopy[]>();
  private copyProblems: AccordFileError[] = [];
  /** Copies of my file that my working file already holds (a write folded them in). */
  private readonly absorbed = new Set<string>();
  private readonly merged = new Map<string, { file: MemberFileData | undefined; copies: MemberCopy[] | undefined; entities: Record<string, EntityRecord> }>();

  /** The copies that could not be used, each named by branch and path. */
  get problems(): readonly AccordFileError[] {
    return this.copyProblems;
  }

  /** Members with a copy on some branch. */
  members(): IterableIterator<string> {
    return this.copies.keys();
  }

  /**
   * Takes in what a read of the branches found. A copy of my own file (`me`) with a clock near
   * the ceiling is named and left out: anyone who can push a branch could otherwise stop my
   * writes. Returns false, changing nothing, when the copies are the ones already held.
   */
  set(read: Pick<BranchRead, 'copies' | 'problems'>, me: string | undefined): boolean {
    const problems = [...read.problems];
    const copies = new Map<string, MemberCopy[]>();
    for (const [member, list] of read.copies) {
      const kept = list.filter((copy) => {
        if (member !== me || highestClock(copy.data) <= MAX_TRUSTED_CLOCK) return true;
        problems.push(
          new AccordFileError(
            copy.where[0] ?? member,
            'clock-ceiling',
            `This copy of your file holds a clock of ${highestClock(copy.data)}, within ${MAX_CLOCK - MAX_TRUSTED_CLOCK} of Accord's ceiling (${MAX_CLOCK}), which your own writes never reach; it is left out, so your writes go on.`,
            'Look at who pushed that branch (git log on it), and delete it or restore the file there.',
          ),
        );
        return false;
      });
      if (kept.length) copies.set(member, kept);
    }
    const same = (a: readonly MemberCopy[] | undefined, b: readonly MemberCopy[]) =>
      a?.length === b.length && a.every((copy, i) => copy.oid === b[i]!.oid && copy.where.join() === b[i]!.where.join());
    const unchanged =
      copies.size === this.copies.size &&
      [...copies].every(([member, list]) => same(this.copies.get(member), list)) &&
      problems.map((p) => p.message).join() === this.copyProblems.map((p) => p.message).join();
    if (unchanged) return false;
    this.copies = copies;
    this.copyProblems = problems;
    for (const oid of [...this.absorbed]) if (!this.copies.get(me ?? '')?.some((c) => c.oid === oid)) this.absorbed.delete(oid);
    return true;
  }

  /**
   * A member's records: `file` (their working file's data) merged with every copy of theirs
   * that the working file may lack (for `me`, those not folded in yet). Remembered until the
   * file or the copies change.
   */
  recordsOf(member: string, file: MemberFileData | undefined, me: string | undefined): Record<string, EntityRecord> {
    const copies = this.copies.get(member)?.filter((c) => !(member === me && this.absorbed.has(c.oid)));
    const known = this.merged.get(member);
    if (known && known.file === file && sameCopies(known.copies, copies)) return known.entities;
    let entities: Record<string, EntityRecord> = file?.entities ?? Object.create(null);
    for (const copy of copies ?? []) entities = mergeOwnCopy(member, entities, copy.data.entities);
    this.merged.set(member, { file, copies, entities });
    return entities;
  }

  /** The highest clock of the copies, each counted up to MAX_TRUSTED_CLOCK. */
  highestClock(): number {
    let clock = 0;
    for (const copies of this.copies.values()) for (const copy of copies) clock = Math.max(clock, Math.min(highestClock(copy.data), MAX_TRUSTED_CLOCK));
    return clock;
  }

  /**
   * Folds my copies that my file does not hold yet into `data` (in place: its entities and
   * clock), so my file never goes back to an older version of what I wrote. Returns the ones
   * folded, to mark absorbed once the write is on disk.
   */
  foldInto(data: MemberFileData, me: string): MemberCopy[] {
    const folded = (this.copies.get(me) ?? []).filter((c) => !this.absorbed.has(c.oid));
    for (const copy of folded) {
      data.entities = mergeOwnCopy(me, data.entities, copy.data.entities);
      data.clock = Math.max(data.clock, highestClock(copy.data));
    }
    return folded;
  }

  /** My working file now holds these copies. */
  absorb(copies: readonly MemberCopy[]): void {
    for (const copy of copies) this.absorbed.add(copy.oid);
  }

  /** My working file was replaced from outside (a checkout, a restore): it may lack any copy again. */
  forgetAbsorbed(): void {
    this.absorbed.clear();
  }
}

function sameCopies(a: readonly MemberCopy[] | undefined, b: readonly MemberCopy[] | undefined): boolean {
  if ((a?.length ?? 0) !== (b?.length ?? 0)) return false;
  return (a ?? []).every((copy, i) => copy === b![i]);
}
