import { strict as assert } from 'node:assert';
import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readRegularFile } from '../../src/store/safeFile';

/**
 * readRegularFile: every byte of a regular file of at most `maxBytes`, and nothing through a
 * link or past the cap, whatever the file's size.
 */
describe('store: reading one regular file', () => {
  let dir: string;
  before(async () => (dir = await mkdtemp(join(tmpdir(), 'accord-safe-file-'))));
  after(() => rm(dir, { recursive: true, force: true }));

  it('gives every byte of files of any size up to the cap, and nothing more', async () => {
    for (const size of [0, 1, 4095, 4096, 4097, 150_000, (1 << 20) + 3]) {
      const bytes = Buffer.alloc(size, 'a');
      if (size > 0) bytes[size - 1] = 0x7a;
      const path = join(dir, `f${size}.json`);
      await writeFile(path, bytes);
      const read = await readRegularFile(path, 2 << 20);
      assert.ok(read, `${size} bytes`);
      assert.equal(read.bytes.length, size);
      assert.ok(read.bytes.equals(bytes), `${size} bytes, the same`);
    }
  });

  it('refuses a file past the cap, and a link; says nothing of a file that is not there', async () => {
    const path = join(dir, 'big.json');
    await writeFile(path, Buffer.alloc(1001, 'a'));
    await assert.rejects(readRegularFile(path, 1000), /larger|too large|MB|bytes/i);
    await symlink(path, join(dir, 'link.json'));
    await assert.rejects(readRegularFile(join(dir, 'link.json'), 1 << 20));
    assert.equal(await readRegularFile(join(dir, 'absent.json'), 1 << 20), undefined);
  });
});
