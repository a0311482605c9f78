/**
 * The joint covenant: a starter offered after Set Up, Accord: Open Covenant, and
 * Accord: Acknowledge Covenant (with the diff since this person's last acknowledgment).
 */
import * as vscode from 'vscode';
import { COVENANT_FILE, covenantAckId, covenantAckOf, covenantHash, starterCovenant } from '../core/covenant';
import { type FolderContext, type MemberContext } from '../commands/handler';
import { memberIdsOf, memberName, safeText, withData } from '../core';
import type { AccordWorkspace } from '../workspace/accordWorkspace';
import { AccordFileError, AccordWriteError } from '../store';
import { AcknowledgedVersions, covenantUri, MAX_COVENANT_BYTES, readCovenant } from './covenantFile';
import { Commands, runCommand } from '../commands/ids';

/**
 * Writes the starter covenant, naming every member, and opens it. Resolves to undefined, after
 * saying why, when it could not be written or what is there is not a covenant Accord can read
 * (a link out of the workspace, a device, a file far too large).
 */
async function writeStarter(workspace: AccordWorkspace): Promise<vscode.Uri | undefined> {
  const state = workspace.state;
  // The names as written: they go into the covenant file, not onto a VS Code surface.
  const names = memberIdsOf(state.entities.member)
    .map((id) => memberName(state, id))
    .sort();
  const uri = covenantUri(workspace);
  try {
    // Created only if absent: a covenant that arrived (say, by a pull) meanwhile is never replaced.
    if (!(await workspace.createDataFile(COVENANT_FILE, starterCovenant(names)))) await workspace.readDataFile(COVENANT_FILE, MAX_COVENANT_BYTES);
  } catch (error) {
    if (!(error instanceof AccordFileError || error instanceof AccordWriteError)) throw error;
    void vscode.window.showErrorMessage(safeText(error.message));
    return undefined;
  }
  await vscode.window.showTextDocument(uri, { preview: false });
  return uri;
}

/**
 * Called at the end of Set Up: when `.accord/covenant.md` is missing, offers a warm starter
 * for the pair to make their own. Resolves to true when it wrote one.
 */
export async function offerStarterCovenant(workspace: AccordWorkspace): Promise<boolean> {
  if (workspace.readOnly || (await readCovenant(workspace)) !== undefined) return false;
  const choice = await vscode.window.showInformationMessage(
    'Would you like a starter covenant? A short agreement in .accord/covenant.md about how you work together: expected behaviours, decision rights, escalation path and success metrics. Edit it together, then each of you acknowledges it.',
    'Write Starter Covenant',
    'Not Now',
  );
  if (choice !== 'Write Starter Covenant') return false;
  return (await writeStarter(workspace)) !== undefined;
}

/** Accord: Open Covenant — opens `.accord/covenant.md`, writing the starter when there is none yet. */
export async function openCovenant(ctx: FolderContext): Promise<string | undefined> {
  const { workspace } = ctx;
  if ((await readCovenant(workspace)) !== undefined) {
    await vscode.window.showTextDocument(covenantUri(workspace), { preview: false });
    return covenantUri(workspace).fsPath;
  }
  if (workspace.explainReadOnly()) return undefined;
  const uri = await writeStarter(workspace);
  if (!uri) return undefined;
  void vscode.window.showInformationMessage('Here is a starter covenant to make your own. When you both agree on it, run Accord: Acknowledge Covenant.');
  return uri.fsPath;
}

/** The covenant as it will be shared: an open editor with unsaved changes is saved first (when the person agrees). */
async function savedCovenant(workspace: AccordWorkspace): Promise<string | undefined> {
  const uri = covenantUri(workspace).toString();
  const open = vscode.workspace.textDocuments.find((doc) => doc.uri.toString() === uri);
  if (open?.isDirty) {
    const choice = await vscode.window.showInformationMessage(
      'The covenant has unsaved changes. Save it first, so you acknowledge what your partners will see.',
      'Save and Continue',
    );
    if (choice !== 'Save and Continue' || !(await open.save())) return undefined;
  }
  return readCovenant(workspace);
}

/**
 * Accord: Acknowledge Covenant — shows the covenant (or what changed since this person last
 * acknowledged it), then records the sha-256 of this version in their `ack:<member>` entity.
 * Resolves to the acknowledged hash.
 */
export async function acknowledgeCovenant(ctx: MemberContext): Promise<string | undefined> {
  const { workspace, me } = ctx;
  const text = await savedCovenant(workspace);
  if (text === undefined) {
    if ((await readCovenant(workspace)) !== undefined) return undefined; // unsaved changes kept unsaved
    const choice = await vscode.window.showInformationMessage(
      'There is no covenant yet. Write one together first: Accord opens a starter for you to make your own.',
      'Open Covenant',
    );
    if (choice) await runCommand(Commands.openCovenant);
    return undefined;
  }
  const hash = covenantHash(text);
  const ack = covenantAckOf(workspace.state, me);
  if (ack?.hash === hash) {
    void vscode.window.showInformationMessage('You have already acknowledged this version of the covenant.');
    return hash;
  }
  const versions = AcknowledgedVersions.for(ctx.extensionContext, workspace);
  let question = 'Acknowledge this version of the covenant? It says: "yes, this is how we work together".';
  const previous = ack ? await versions.find(ack.hash) : undefined;
  if (ack && previous !== undefined) {
    await vscode.commands.executeCommand('vscode.diff', versions.uriOf(ack.hash), covenantUri(workspace), 'Covenant: what changed since you acknowledged it', {
      preview: true,
    });
    question = withData`The covenant changed since you acknowledged it on ${ack.at.slice(0, 10)}: the changes are open beside this. Acknowledge the new version?`;
  } else {
    await vscode.window.showTextDocument(covenantUri(workspace), { preview: false });
    if (ack)
      question = withData`The covenant changed since you acknowledged it on ${ack.at.slice(0, 10)} (that version is not on this computer or in git history, so here is the whole text). Acknowledge this version?`;
  }
  const choice = await vscode.window.showInformationMessage(question, 'Acknowledge', 'Not Yet');
  if (choice !== 'Acknowledge') return undefined;
  // Acknowledge what is on disk now: if it changed while it was being read, say so.
  const now = await readCovenant(workspace);
  if (now === undefined || covenantHash(now) !== hash) {
    void vscode.window.showInformationMessage('The covenant changed while you were reading it. Run Acknowledge Covenant again to see the latest version.');
    return undefined;
  }
  const written = await workspace.write((edit) => {
    edit.set(covenantAckId(me), 'covenantAck', { member: me, hash, at: new Date().toISOString() });
    return hash;
  });
  if (!written) return undefined;
  await versions.remember(text).catch(() => undefined);
  vscode.window.setStatusBarMessage('$(verified) Covenant acknowledged', 5000);
  return written;
}
