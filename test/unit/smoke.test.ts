import { strict as assert } from 'node:assert';
import { memberIdFrom } from '../../src/core';

describe('member ids', () => {
  it('turns an email into a filename-safe member id', () => {
    assert.equal(memberIdFrom('Sam.Lee@Example.com'), 'sam.lee-example.com');
    assert.equal(memberIdFrom('   '), undefined);
  });
});
