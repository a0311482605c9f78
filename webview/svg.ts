/**
 * SVG built with DOM APIs: attributes with setAttribute and text with text nodes, so data
 * never becomes markup. Colours come from CSS classes that use the theme's variables.
 */
const SVG_NS = 'http://www.w3.org/2000/svg';

export type Attributes = Record<string, string | number | undefined>;

export function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: (Node | string | undefined)[]
): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attributes)) if (value !== undefined) element.setAttribute(name, String(value));
  for (const child of children) {
    if (child === undefined) continue;
    element.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return element;
}

/** A `<title>` child: the tooltip of a mark, read by screen readers with it. */
export function tooltip(text: string): SVGTitleElement {
  return svg('title', {}, text);
}

let nextId = 0;

/**
 * A chart's root: role="img", labelled by its `<title>` and described by its `<desc>` (the
 * summary a screen reader speaks); the data table beside it gives the detail.
 */
export function chart(width: number, height: number, title: string, description: string, className: string): SVGSVGElement {
  const id = `chart-${++nextId}`;
  return svg(
    'svg',
    { viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', class: `chart ${className}`, 'aria-labelledby': `${id}-title ${id}-desc` },
    svg('title', { id: `${id}-title` }, title),
    svg('desc', { id: `${id}-desc` }, description),
  );
}
