/**
 * Text from the data files in a panel, beside Accord's own words. Lit already puts it in as
 * text (never HTML); this also isolates it: `safeText` shows any bidi control the text leaves
 * unpaired (Chromium lets a stray PDI end even a <bdi>), and <bdi> keeps a right-to-left title
 * from moving the words around it. Use `safeText` itself for attributes (aria-label, title).
 */
import { html, type TemplateResult } from 'lit';
import { safeText } from '../src/core/safeText';

export { safeText };

export function dataText(text: string): TemplateResult {
  return html`<bdi>${safeText(text)}</bdi>`;
}
