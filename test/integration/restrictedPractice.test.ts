/** Restricted Mode: Practice Feedback works as in a trusted folder, and writes nothing in the repository. */
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { accordWorkspace } from './helpers';
import { accordFiles, practiseRewrite } from './practiceUi';
import { gitStatus } from './relationshipUi.test';

describe('Practice Feedback in Restricted Mode', () => {
  before(async () => {
    assert.equal(vscode.workspace.isTrusted, false, 'this suite runs in Restricted Mode');
    assert.equal((await accordWorkspace()).readOnly, true);
  });

  it('scores a full rewrite and keeps the progress, with nothing under .accord changed', async () => {
    const files = accordFiles();
    const status = gitStatus();
    const { exercise, result, messages } = await practiseRewrite((e) => [e.example.situation, e.example.behaviour, e.example.impact, e.example.request]);
    assert.deepEqual(result, [{ exercise: exercise.id, points: 12, max: 12 }]);
    assert.ok(messages.some((m) => m.text.startsWith('12 of 12 points')));
    assert.ok(!messages.some((m) => /read-only in Restricted Mode/.test(m.text)), 'practice is not refused');
    assert.deepEqual(accordFiles(), files);
    assert.equal(gitStatus(), status);
  });
});
