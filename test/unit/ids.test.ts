import { strict as assert } from 'node:assert';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import {
  foldEmail,
  hashedMemberIdFrom,
  isPortableMemberId,
  isWindowsReservedName,
  legacyMemberIdFrom,
  looksLikeEmail,
  MEMBER_ID_PATTERN,
  memberEntityId,
  memberIdFrom,
  memberIdOf,
  memberIdsOf,
  type ProfileLookup,
  resolveMemberId,
  sameEmail,
  type StoredProfile,
} from '../../src/core';
import { AccordStore, emptyMemberFile, serializeMemberFile } from '../../src/store';

/** A people folder in memory: member id → the profile its file stores ({} = a file without an email). */
function peopleWith(files: Record<string, StoredProfile>): ProfileLookup {
  return async (member) => (Object.hasOwn(files, member) ? files[member] : undefined);
}

/** The readable `local-domain` form: a dash, and no underscore after the first dash. */
const READABLE_FORM = /^[a-z0-9][a-z0-9._]*-[a-z0-9.-]+$/;

describe('member ids: portable on every file system (Windows device names)', () => {
  it('refuses handles that Git for Windows cannot check out as .accord/people/<id>.json', () => {
    for (const handle of ['aux', 'Con', 'nul', 'NUL', 'prn', 'com1', 'COM9', 'lpt9', 'prn.dev', 'nul.tar.gz', 'Aux.', 'com0', 'lpt0']) {
      assert.equal(memberIdFrom(handle), undefined, handle);
    }
  });

  it('names device names in any case, with any extension, with superscript digits and trailing spaces (Microsoft, "Naming Files, Paths, and Namespaces")', () => {
    for (const name of [
      'CON',
      'con.json',
      'Nul.txt',
      'nul.tar.gz',
      'com1.json',
      'COM\u00b9',
      'lpt\u00b2.json',
      'LPT\u00b3',
      'aux .json',
      'conin$',
      'CONOUT$.txt',
    ]) {
      assert.equal(isWindowsReservedName(name), true, name);
    }
    for (const name of ['console', 'auxiliary.json', 'com10', 'lpt', 'nul-x.json', 'sam.con', 'x.aux.json', 'prnt', 'com\u2074']) {
      assert.equal(isWindowsReservedName(name), false, name);
    }
  });

  it('says which ids are portable: no device name before the first dot, no trailing dot, at most 64 characters', () => {
    for (const id of ['sam', 'sam.lee-example.com', 'con-x.com', 'aux_b', 'a'.repeat(64), 'com10']) assert.equal(isPortableMemberId(id), true, id);
    for (const id of ['aux', 'prn.dev', 'com1.x', 'sam.', 'a'.repeat(65), 'Sam', '-sam', 'sam lee', '']) assert.equal(isPortableMemberId(id), false, id);
  });

  it('gives emails that start with a device name a portable id', () => {
    for (const email of ['aux@example.com', 'con.x@y.com', 'nul@com1', 'com1.lpt1@prn.aux', 'prn@x.', 'lpt\u00b9@x.com', 'COM1.@x.com']) {
      const id = memberIdFrom(email);
      assert.ok(id && isPortableMemberId(id), `${email} -> ${id}`);
    }
    assert.equal(memberIdFrom('aux@example.com'), 'aux-example.com');
  });

  it('a handle with a superscript digit or trailing dots still gets a portable id', () => {
    assert.ok(isPortableMemberId(memberIdFrom('com\u00b9')!));
    assert.equal(memberIdFrom('sam...'), 'sam');
    assert.equal(memberIdFrom('sam.lee.'), 'sam.lee');
  });
});

describe('member ids: the email-to-id mapping never joins two emails', () => {
  it('keeps the readable local-domain id for plain emails, the same id Accord gave before', () => {
    for (const email of ['Sam.Lee@Example.com', 'sam@example.com', 'ana_b@corp.io', 'dev@accord-x.com', 'x9@xn--bcher-kva.de']) {
      const id = memberIdFrom(email)!;
      assert.match(id, READABLE_FORM, email);
      assert.equal(id, legacyMemberIdFrom(email), email);
    }
    assert.equal(memberIdFrom('Sam.Lee@Example.com'), 'sam.lee-example.com');
  });

  it('separates the emails that collapsed into one id (issue 9 §7)', () => {
    const groups = [
      ['dev+accord@x.com', 'dev-accord@x.com', 'dev@accord-x.com'],
      ['caf\u00e9@x.com', 'caf@x.com', 'cafe@x.com'],
      ['Jos\u00e9@x.com', 'jos@x.com', 'jose@x.com'],
      ['zo\u00eb@x.com', 'zo\u00e9@x.com', 'zo@x.com'],
      ['stra\u00dfe@x.de', 'strasse@x.de', 'stra-e@x.de'],
      ['d\u0131@x.com', 'di@x.com'],
    ];
    for (const emails of groups) {
      const ids = emails.map((email) => memberIdFrom(email));
      assert.equal(new Set(ids).size, emails.length, `${emails.join(', ')} -> ${ids.join(', ')}`);
    }
  });

  it('gives one id to one email in any case or Unicode normalization', () => {
    const spellings = ['Jos\u00e9@x.com', 'Jose\u0301@x.com', 'JOS\u00c9@X.COM', 'jose\u0301@X.com', ' jos\u00e9@x.com '];
    assert.equal(new Set(spellings.map((email) => memberIdFrom(email))).size, 1);
    assert.equal(memberIdFrom('caf\u00e9@x.com'), memberIdFrom('cafe\u0301@x.com'));
    assert.equal(memberIdFrom('\u039f\u0394\u039f\u03a3@x.gr'), memberIdFrom('\u03bf\u03b4\u03bf\u03c2@x.gr'));
    assert.equal(memberIdFrom('STRA\u1e9eE@x.de'), memberIdFrom('stra\u00dfe@x.de'));
    assert.equal(memberIdFrom('SAM@example.com'), memberIdFrom('sam@example.com'));
  });

  it('other emails get a readable slug, an underscore and 12 base32 letters of a hash', () => {
    assert.match(memberIdFrom('dev+accord@x.com')!, /^dev-accord-x\.com_[a-z2-7]{12}$/);
    assert.match(memberIdFrom('caf\u00e9@x.com')!, /^cafe-x\.com_[a-z2-7]{12}$/);
    assert.match(memberIdFrom('\u65e5\u672c@example.jp')!, /^example\.jp_[a-z2-7]{12}$/);
    assert.match(memberIdFrom('\u65e5\u672c@\u4f8b\u3048')!, /^member_[a-z2-7]{12}$/);
    const long = memberIdFrom(`${'a'.repeat(70)}@example.com`)!;
    assert.ok(long.length <= 64 && isPortableMemberId(long), long);
    assert.notEqual(long, memberIdFrom(`${'a'.repeat(71)}@example.com`));
  });

  it('folds case and normalization, and nothing else', () => {
    assert.equal(foldEmail('  Jose\u0301@Example.COM '), 'jos\u00e9@example.com');
    assert.equal(sameEmail('STRASSE@x.de', 'stra\u00dfe@x.de'), false);
    assert.equal(sameEmail('d\u0131@x.com', 'DI@x.com'), false);
    assert.equal(sameEmail('\u03a3@x', '\u03c2@x'), true);
    assert.equal(sameEmail('sam+a@x.com', 'sam-a@x.com'), false);
  });

  it('tells emails from handles', () => {
    for (const value of ['sam@example.com', 'a@b', 'a@b@c']) assert.equal(looksLikeEmail(value), true, value);
    for (const value of ['sam', '@sam', 'sam@', '@@@', '']) assert.equal(looksLikeEmail(value), false, value);
    assert.equal(memberIdFrom('@sam'), 'sam');
    assert.equal(memberIdFrom('@@@'), undefined);
  });

  it('handles: ASCII handles stay readable; other letters get a hash; nothing left gives no id', () => {
    assert.equal(memberIdFrom('Ana Bell'), 'ana-bell');
    assert.equal(memberIdFrom('ana_b'), 'ana_b');
    assert.equal(memberIdFrom('a'.repeat(100)), 'a'.repeat(64));
    assert.match(memberIdFrom('Jos\u00e9')!, /^jose_[a-z2-7]{12}$/);
    assert.notEqual(memberIdFrom('Jos\u00e9'), memberIdFrom('jos'));
    assert.equal(memberIdFrom('Jos\u00e9'), memberIdFrom('JOSE\u0301'));
    assert.equal(memberIdFrom('   '), undefined);
    assert.equal(memberIdFrom(''), undefined);
  });
});

/** Emails built from characters that collide under a lossy slug: dashes, plus signs, dots, accents (NFC and NFD), ß, ı, case. */
const trickyPart = (chars: string[]) => fc.array(fc.constantFrom(...chars), { minLength: 1, maxLength: 6 }).map((parts) => parts.join(''));
const trickyEmail = fc
  .tuple(
    trickyPart(['a', 'B', '-', '+', '.', '_', '\u00e9', 'e\u0301', '\u00c9', 'e', '\u00df', 'ss', '\u0131', 'i', 'I', '\u03c3', '\u03c2']),
    trickyPart(['x', '-', '.', 'Y', '\u00fc', 'u\u0308']),
  )
  .map(([local, domain]) => `${local}@${domain}`);
const anyEmail = fc.oneof(
  trickyEmail,
  fc.emailAddress(),
  fc.tuple(fc.string({ unit: 'grapheme', maxLength: 20 }), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 })).map(([l, d]) => `x${l}@${d}y`),
);

describe('member ids: properties', () => {
  it('distinct emails (after folding case and normalization) get distinct ids; the same folded email gets one id', () => {
    fc.assert(
      fc.property(fc.uniqueArray(anyEmail, { minLength: 2, maxLength: 30 }), (emails) => {
        const byId = new Map<string, string>();
        for (const email of emails) {
          const id = memberIdFrom(email);
          assert.ok(id, email);
          const folded = foldEmail(email);
          const other = byId.get(id);
          if (other !== undefined) assert.equal(other, folded, `${JSON.stringify(other)} and ${JSON.stringify(folded)} share ${id}`);
          byId.set(id, folded);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('an id is either readable and decodes back to its email, or hashed and never in the readable form', () => {
    fc.assert(
      fc.property(anyEmail, (email) => {
        const id = memberIdFrom(email)!;
        if (READABLE_FORM.test(id)) {
          const dash = id.indexOf('-');
          assert.equal(`${id.slice(0, dash)}@${id.slice(dash + 1)}`, foldEmail(email));
        } else {
          assert.match(id, /_[a-z2-7]{12}$/);
          assert.equal(id, hashedMemberIdFrom(email));
        }
      }),
      { numRuns: 500 },
    );
  });

  it('every id made from any text matches MEMBER_ID_PATTERN, is portable, and gives itself back', () => {
    const anyText = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 80 }),
      fc.emailAddress(),
      anyEmail,
      fc.constantFrom('aux', 'con.x@y', 'com\u00b9', 'prn.dev', 'nul@x', 'a.', 'con .x'),
    );
    fc.assert(
      fc.property(anyText, (text) => {
        const id = memberIdFrom(text);
        if (id === undefined) return;
        assert.match(id, MEMBER_ID_PATTERN);
        assert.equal(isPortableMemberId(id), true, `${JSON.stringify(text)} -> ${id}`);
        assert.equal(memberIdFrom(id), id, JSON.stringify(text));
      }),
      { numRuns: 1000 },
    );
  });

  it('the same email in another case or normalization gets the same id', () => {
    // Upper case letters that have a one-letter upper case whose lower case is the letter again
    // (not ß → SS, not the dotless ı → I, which is the upper case of i).
    const recase = (text: string, flips: boolean[]) =>
      [...text]
        .map((char, i) => {
          const upper = char.toUpperCase();
          return flips[i % flips.length] && [...upper].length === 1 && upper.toLowerCase() === char ? upper : char;
        })
        .join('');
    fc.assert(
      fc.property(anyEmail, fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }), fc.constantFrom<'NFC' | 'NFD'>('NFC', 'NFD'), (email, flips, form) => {
        assert.equal(memberIdFrom(recase(email, flips).normalize(form)), memberIdFrom(email), JSON.stringify(email));
      }),
      { numRuns: 500 },
    );
  });

  it('folding is idempotent', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (text) => {
        assert.equal(foldEmail(foldEmail(text)), foldEmail(text));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('member ids: existing members keep their ids', () => {
  it('finds a file under the id Accord made before, whose profile stores this email in any spelling', async () => {
    const people = peopleWith({ 'dev-accord-x.com': { email: 'Dev+Accord@X.com' } });
    assert.equal(await resolveMemberId('dev+accord@x.com', people), 'dev-accord-x.com');
    const accents = peopleWith({ 'jos-x.com': { email: 'Jose\u0301@x.com' } });
    assert.equal(await resolveMemberId('Jos\u00e9@x.com', accents), 'jos-x.com');
  });

  it('keeps a file under the old id that stores no email (made before Accord kept emails)', async () => {
    assert.equal(await resolveMemberId('dev+accord@x.com', peopleWith({ 'dev-accord-x.com': {} })), 'dev-accord-x.com');
    assert.equal(await resolveMemberId('Jos\u00e9', peopleWith({ jos: {} })), 'jos');
    // A device name made before ids were portable: the person keeps it (the store names the problem).
    assert.equal(await resolveMemberId('aux', peopleWith({ aux: {} })), 'aux');
  });

  it('does not take a file under the old id that stores someone else\u2019s email', async () => {
    const people = peopleWith({ 'dev-accord-x.com': { email: 'dev+accord@x.com' } });
    const id = await resolveMemberId('dev-accord@x.com', people);
    assert.equal(id, memberIdFrom('dev-accord@x.com'));
    assert.notEqual(id, 'dev-accord-x.com');
  });

  it('a new person gets the new id; a plain email keeps its readable id', async () => {
    assert.equal(await resolveMemberId('dev+accord@x.com', peopleWith({})), memberIdFrom('dev+accord@x.com'));
    assert.equal(await resolveMemberId('Sam@Example.com', peopleWith({})), 'sam-example.com');
  });

  it('when the readable id stores another email, an email gets its hashed id; a handle gets none', async () => {
    const people = peopleWith({ 'sam-example.com': { email: 'someone.else@example.com' } });
    assert.equal(await resolveMemberId('sam@example.com', people), hashedMemberIdFrom('sam@example.com'));
    assert.equal(await resolveMemberId('sam-example.com', people), undefined);
  });

  it('finds the hashed id chosen in Set Up again, by its stored email', async () => {
    const hashed = hashedMemberIdFrom('sam@example.com')!;
    const people = peopleWith({ 'sam-example.com': {}, [hashed]: { email: 'SAM@example.com' } });
    assert.equal(await resolveMemberId('sam@example.com', people), hashed);
  });

  it('existing files under ids that are not portable still load', async () => {
    const root = await mkdtemp(join(tmpdir(), 'accord-ids-'));
    try {
      const reader = new AccordStore({ root });
      await mkdir(reader.peopleDir, { recursive: true });
      // Files as an earlier Accord wrote them, under the ids it made then.
      for (const id of ['aux', 'prn.dev', 'dev-accord-x.com', 'jos']) {
        const data = emptyMemberFile(id);
        data.clock = 1;
        data.entities[`member:${id}`] = {
          kind: 'member',
          fields: { name: id, timeZone: 'UTC', capacityHours: 5 },
          clocks: { name: 1, timeZone: 1, capacityHours: 1 },
        };
        await writeFile(reader.fileOf(id), serializeMemberFile(data));
      }
      await reader.loadAll();
      assert.deepEqual(reader.members, ['aux', 'dev-accord-x.com', 'jos', 'prn.dev']);
      // They load; the two Windows cannot check out are named, with the fix.
      assert.deepEqual(
        reader.errors.map((e) => [e.file, e.problem]),
        [
          ['.accord/people/aux.json', 'not-portable'],
          ['.accord/people/prn.dev.json', 'not-portable'],
        ],
      );
      assert.equal(reader.state.entities.member.get('member:aux')?.name, 'aux');
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});

describe('member ids inside entity ids', () => {
  it('memberIdOf undoes memberEntityId, leaves a bare member id as it is, and memberIdsOf lists a profile map', () => {
    for (const member of ['sam-example.com', 'a', 'x-3f2a9c1d0b7e6a54']) assert.equal(memberIdOf(memberEntityId(member)), member);
    assert.equal(memberIdOf('sam-example.com'), 'sam-example.com');
    assert.equal(memberIdOf('member:'), '');
    assert.equal(memberIdOf('ack:sam'), 'ack:sam', 'only the profile prefix');
    assert.deepEqual(
      memberIdsOf(
        new Map([
          ['member:sam', {}],
          ['member:alex', {}],
        ]),
      ),
      ['sam', 'alex'],
    );
  });
});
