import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { newId } from '../../src/core/ids';
import { isDay, newIdPattern } from '../../src/core/shapes';

describe('core shapes: what the webview shares with the core', () => {
  for (const leaf of ['shapes.ts', 'safeText.ts']) {
    it(`src/core/${leaf} stays import-free, since the browser bundle imports it`, () => {
      const source = readFileSync(join(__dirname, '..', '..', 'src', 'core', leaf), 'utf8');
      const { importedFiles, referencedFiles, typeReferenceDirectives, libReferenceDirectives } = ts.preProcessFile(source, true, true);
      assert.deepEqual(
        [...importedFiles, ...referencedFiles, ...typeReferenceDirectives, ...libReferenceDirectives].map((f) => f.fileName),
        [],
      );
    });
  }

  it('matches every id newId makes for a prefix, and no other prefix', () => {
    const pattern = newIdPattern('mg');
    for (let i = 0; i < 200; i++) {
      const id = newId('mg');
      assert.match(id, pattern);
      assert.doesNotMatch(id.replace(/^mg/, 'g'), pattern);
    }
  });

  it('refuses a prefix it could not put into a pattern as it is', () => {
    for (const prefix of ['', 'm.g', 'mg|.*', 'MG', 'mg-']) assert.throws(() => newIdPattern(prefix), /lower-case letters/, prefix);
  });

  it('takes a day only when it exists and has nothing around it', () => {
    for (const day of ['2026-03-14', '2024-02-29', '2000-02-29', '1999-12-31']) assert.ok(isDay(day), day);
    for (const day of ['2026-02-29', '1900-02-29', '2026-04-31', '2026-13-01', '2026-1-01', '2026-01-01T00:00', ' 2026-01-01', ''])
      assert.equal(isDay(day), false, day);
  });
});
