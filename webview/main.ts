/**
 * The webview's entry: one bundle for both panels, routed by the body's data-view. The
 * first view comes from the escaped data-state attribute, so the panel draws at once; the
 * dashboard's comes in a message instead, after a progress ring (see DashboardPanel).
 */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-textarea/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import type { DashboardView, PlanningView } from '../src/panels/protocol';
import { DashboardApp } from './dashboard/app';
import { PlanningApp } from './planning/app';
import base from './styles/base.css';
import commit from './styles/commit.css';
import dashboard from './styles/dashboard.css';
import native from './styles/native.css';
import plan from './styles/plan.css';
import reflect from './styles/reflect.css';
import review from './styles/review.css';

// In cascade order, as one sheet: the shared frame, the planning steps, the dashboard, native controls.
const styles = [base, review, reflect, plan, commit, dashboard, native].join('\n');

// A constructed stylesheet: no <style> element for the Content Security Policy to allow.
const sheet = new CSSStyleSheet();
sheet.replaceSync(styles);
document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];

const api = acquireVsCodeApi();
const root = document.getElementById('app')!;
const initial: unknown = JSON.parse(document.body.dataset.state ?? 'null');

if (document.body.dataset.view === 'dashboard') new DashboardApp(root, api, (initial ?? undefined) as DashboardView | undefined);
else new PlanningApp(root, api, initial as PlanningView);
