/**
 * A synthetic team for the benchmark: 12 members over two years, about 20,000 goals and
 * micro-goals, 60,000 check-ins and 5,000 feedback notes, written as real member files.
 * Seeded, so every run measures the same bytes.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { EntityRecord } from '../src/core';
import { emptyMemberFile, type MemberFileData, serializeMemberFile } from '../src/store';

export interface DatasetOptions {
  members?: number;
  /** Member ids to use instead of generated ones. */
  memberIds?: string[];
  days?: number;
  goals?: number;
  microGoals?: number;
  checkIns?: number;
  feedback?: number;
  seed?: number;
  /** Fixed "now" so due groups are stable. */
  end?: Date;
}

export interface DatasetSummary {
  members: string[];
  files: string[];
  bytes: number;
  counts: Record<string, number>;
}

/** A seeded pseudo-random generator (mulberry32): numbers in [0, 1), the same sequence for the same seed. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The words of generated text (titles, notes), shared with the scale team (scaleDataset.ts). */
export const WORDS =
  'review parser tests docs refactor pairing cache release onboarding metrics flaky build api schema migration accessibility latency bug triage design spike demo retro deploy logging'.split(
    ' ',
  );
/** The characters of generated ids. */
export const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

export async function generateTeam(dir: string, options: DatasetOptions = {}): Promise<DatasetSummary> {
  const random = rng(options.seed ?? 42);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const id = (prefix: string) => `${prefix}-${Array.from({ length: 12 }, () => pick([...ALPHABET])).join('')}`;
  const sentence = (n: number) => Array.from({ length: n }, () => pick(WORDS)).join(' ');
  const memberCount = options.members ?? 12;
  const days = options.days ?? 730;
  const end = options.end ?? new Date('2026-11-24T12:00:00Z');
  const start = end.getTime() - days * 86_400_000;
  const instant = (offsetDays: number) => new Date(start + offsetDays * 86_400_000).toISOString();
  const day = (offsetDays: number) => instant(offsetDays).slice(0, 10);
  const members = options.memberIds ?? Array.from({ length: memberCount }, (_, i) => `member${String(i + 1).padStart(2, '0')}-example.com`);
  const files = new Map<string, MemberFileData>(members.map((m) => [m, emptyMemberFile(m)]));
  const clocks = new Map<string, number>(members.map((m) => [m, 0]));
  const put = (member: string, entityId: string, kind: string, fields: Record<string, unknown>) => {
    const clock = (clocks.get(member) ?? 0) + 1;
    clocks.set(member, clock);
    const record: EntityRecord = { kind, fields, clocks: Object.fromEntries(Object.keys(fields).map((k) => [k, clock])) };
    files.get(member)!.entities[entityId] = record;
  };
  const counts: Record<string, number> = { member: 0, goal: 0, microGoal: 0, checkIn: 0, feedback: 0 };
  members.forEach((m, i) => {
    put(m, `member:${m}`, 'member', {
      name: `Member ${i + 1}`,
      timeZone: pick(['Europe/Berlin', 'America/New_York', 'Asia/Tokyo', 'UTC']),
      capacityHours: 10 + (i % 4) * 5,
    });
    counts.member!++;
  });
  put(members[0]!, 'team', 'team', { checkInTimes: ['09:30', '16:30'], workingDays: [1, 2, 3, 4, 5], cycleDays: 14 });
  const goalCount = options.goals ?? 2_000;
  const goalIds: string[] = [];
  for (let i = 0; i < goalCount; i++) {
    const owner = pick(members);
    const gid = id('g');
    goalIds.push(gid);
    const created = random() * days;
    put(owner, gid, 'goal', {
      title: sentence(4),
      owner,
      why: sentence(12),
      yardstick: { target: 1 + Math.floor(random() * 20), unit: pick(WORDS) },
      state: created < days - 60 ? 'achieved' : 'active',
      createdAt: instant(created),
      due: day(Math.min(days + 30, created + 30)),
    });
    counts.goal!++;
  }
  const microCount = options.microGoals ?? 18_000;
  const microIds: string[] = [];
  for (let i = 0; i < microCount; i++) {
    const owner = pick(members);
    const mid = id('mg');
    microIds.push(mid);
    const created = random() * days;
    const done = created < days - 10 || random() < 0.3;
    put(owner, mid, 'microGoal', {
      title: sentence(5),
      owner,
      goal: pick(goalIds),
      due: day(created + 1 + Math.floor(random() * 7)),
      estimateHours: 1 + Math.floor(random() * 6),
      done,
      ...(done ? { doneAt: instant(created + random() * 5) } : {}),
      createdAt: instant(created),
      order: i,
    });
    counts.microGoal!++;
  }
  const checkInCount = options.checkIns ?? 60_000;
  for (let i = 0; i < checkInCount; i++) {
    const member = pick(members);
    put(member, id('ci'), 'checkIn', {
      member,
      at: instant((i / checkInCount) * days),
      microGoals: [pick(microIds), pick(microIds)],
      status: pick(['on-track', 'on-track', 'at-risk', 'blocked', 'done']),
      helped: sentence(6),
      hindered: random() < 0.4 ? sentence(6) : undefined,
      next: sentence(5),
      energy: 1 + Math.floor(random() * 5),
    });
    counts.checkIn!++;
  }
  const feedbackCount = options.feedback ?? 5_000;
  for (let i = 0; i < feedbackCount; i++) {
    const from = pick(members);
    const to = pick(members.filter((m) => m !== from));
    put(from, id('fb'), 'feedback', {
      from,
      to,
      type: pick(['appreciation', 'observation', 'kudos']),
      situation: sentence(6),
      behaviour: sentence(8),
      impact: sentence(6),
      at: instant((i / feedbackCount) * days),
    });
    counts.feedback!++;
  }
  const peopleDir = join(dir, '.accord', 'people');
  await mkdir(peopleDir, { recursive: true });
  let bytes = 0;
  const paths: string[] = [];
  for (const [member, data] of files) {
    // Drop undefined optional fields so every field has a clock.
    for (const record of Object.values(data.entities)) {
      for (const [k, value] of Object.entries(record.fields))
        if (value === undefined) {
          delete record.fields[k];
          delete record.clocks[k];
        }
    }
    data.clock = clocks.get(member) ?? 0;
    const text = serializeMemberFile(data);
    bytes += Buffer.byteLength(text);
    const path = join(peopleDir, `${member}.json`);
    await writeFile(path, text);
    paths.push(path);
  }
  return { members, files: paths, bytes, counts };
}

/** Writes a single member's file of about `targetBytes` (mostly check-ins), for the write benchmark. */
export async function generateOwnFile(dir: string, member: string, targetBytes: number): Promise<string> {
  const bytesPerCheckIn = 560;
  const summary = await generateTeam(dir, {
    memberIds: [member],
    goals: 20,
    microGoals: 200,
    checkIns: Math.max(1, Math.round(targetBytes / bytesPerCheckIn) - 350),
    feedback: 0,
  });
  return summary.files[0]!;
}
