import type { AccordWorkspace } from '../workspace/accordWorkspace';

/**
 * In Restricted Mode, says why nothing can be saved (before any question is asked) and
 * returns true. Give Feedback is the exception: its drafts are private, so it may still ask.
 */
export function explainReadOnly(workspace: AccordWorkspace): boolean {
  if (!workspace.store.readOnly) return false;
  void workspace.write(() => undefined);
  return true;
}
