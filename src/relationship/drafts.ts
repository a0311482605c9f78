/**
 * Private feedback drafts: kept in VS Code's storage for this workspace (the extension's
 * workspaceState), never in `.accord/` or anywhere in the repository, and not synced.
 */
import type * as vscode from 'vscode';
import { newId } from '../core';

export interface FeedbackDraft {
  readonly id: string;
  to?: string;
  type?: 'appreciation' | 'observation';
  situation?: string;
  behaviour?: string;
  impact?: string;
  request?: string;
  savedAt: string;
}

const KEY = 'accord.feedbackDrafts';
const MAX_DRAFTS = 20;

function isDraft(value: unknown): value is FeedbackDraft {
  return !!value && typeof value === 'object' && typeof (value as FeedbackDraft).id === 'string' && typeof (value as FeedbackDraft).savedAt === 'string';
}

export class FeedbackDrafts {
  constructor(
    private readonly storage: vscode.Memento,
    /** Drafts belong to the person who wrote them: another identity in this folder does not see them. */
    private readonly me: string,
  ) {}

  private all(): FeedbackDraft[] {
    const stored = this.storage.get<unknown>(KEY);
    return Array.isArray(stored) ? stored.filter(isDraft) : [];
  }

  /** This person's drafts, newest first. */
  list(): FeedbackDraft[] {
    return this.all()
      .filter((d) => (d as { by?: string }).by === this.me)
      .sort((a, b) => Date.parse(b.savedAt) - Date.parse(a.savedAt));
  }

  static hasContent(draft: Partial<FeedbackDraft>): boolean {
    return !!(draft.situation || draft.behaviour || draft.impact || draft.request);
  }

  newDraft(): FeedbackDraft {
    return { id: newId('draft'), savedAt: new Date().toISOString() };
  }

  async save(draft: FeedbackDraft): Promise<void> {
    const others = this.all().filter((d) => d.id !== draft.id);
    const kept = [{ ...draft, by: this.me, savedAt: new Date().toISOString() }, ...others].slice(0, MAX_DRAFTS);
    await this.storage.update(KEY, kept);
  }

  async delete(id: string): Promise<void> {
    await this.storage.update(
      KEY,
      this.all().filter((d) => d.id !== id),
    );
  }
}
