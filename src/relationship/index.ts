/**
 * What the relationship feature (issue 6) registers beyond its commands, and what it offers
 * the rest of the extension: offerKudos, offerStarterCovenant, CovenantFile and the follow-ups.
 */
import * as vscode from 'vscode';
import { covenantAckOf } from '../core/covenant';
import type { AccordWorkspace } from '../workspace/accordWorkspace';
import { ACKNOWLEDGED_SCHEME, AcknowledgedVersions, CovenantFile } from './covenantFile';
import { ContextKeys, setContextKey } from '../util/contextKeys';

export { relationshipHandlers } from './commands';
export { offerKudos } from './kudos';
export { offerStarterCovenant } from './covenant';
export { CovenantFile } from './covenantFile';

/**
 * Registers the read-only view of acknowledged covenant versions (the left side of the diff)
 * and keeps two context keys current: `accord.hasCovenant` and `accord.covenantNeedsAck`.
 */
export interface RelationshipFeature {
  disposables: vscode.Disposable[];
  /** The covenant as saved (its hash and changes), when a folder is open. */
  covenant: CovenantFile | undefined;
}

export function registerRelationship(context: vscode.ExtensionContext, workspace: AccordWorkspace | undefined): RelationshipFeature {
  if (!workspace) return { disposables: [], covenant: undefined };
  const covenant = new CovenantFile(workspace);
  const versions = AcknowledgedVersions.for(context, workspace);
  let live = true;
  const updateContext = () => {
    if (!live) return; // the covenant of a team no longer shown says nothing
    const me = workspace.me;
    const hash = covenant.hash;
    const ack = me && hash ? covenantAckOf(workspace.state, me) : undefined;
    void setContextKey(ContextKeys.hasCovenant, hash !== undefined);
    void setContextKey(ContextKeys.covenantNeedsAck, !!me && hash !== undefined && ack?.hash !== hash);
  };
  void covenant.ready.then(updateContext);
  return {
    covenant,
    disposables: [
      covenant,
      { dispose: () => (live = false) },
      covenant.onDidChange(updateContext),
      workspace.onDidChange(updateContext),
      vscode.workspace.registerTextDocumentContentProvider(ACKNOWLEDGED_SCHEME, versions.provider()),
    ],
  };
}
