/**
 * The dashboard's pictures as SVG built with DOM APIs. Each has a title and a description
 * that say in words what it shows; colours are CSS classes over the theme's chart colours.
 */
import type { CapacityView, DashboardView, OutcomeView } from '../../src/panels/protocol';
import { addDays, count, dayMonth, hours, monthName, shortDay } from '../format';
import { safeText } from '../dataText';
import { chart, svg, tooltip } from '../svg';

const CELL = 15;
const GAP = 3;
const STEP = CELL + GAP;

/** 0 for none, then 1–4 by share of the busiest day. */
export function heatLevel(n: number, max: number): number {
  if (n <= 0 || max <= 0) return 0;
  return Math.min(4, Math.ceil((n / max) * 4));
}

/**
 * The labels of the heat map's first, third and fifth rows: the weekdays they hold, from the
 * map's first day (the first day of the team's week, so "Sun", "Tue", "Thu" for a
 * Sunday-first team and "Mon", "Wed", "Fri" for a Monday-first one).
 */
export function heatMapRowLabels(start: string): string[] {
  return [0, 2, 4].map((row) => shortDay(addDays(start, row)).split(' ')[0]!);
}

export function heatMapChart(heat: DashboardView['heatMap']): SVGSVGElement {
  const weeks = heat.counts.length / 7;
  const left = 30;
  const top = 18;
  const width = left + weeks * STEP + 4;
  const height = top + 7 * STEP + 26;
  const busiest = heat.counts.reduce((best, n, i) => (n > best.n ? { n, i } : best), { n: 0, i: -1 });
  const activeDays = heat.counts.filter((n) => n > 0).length;
  const quietDays = heat.quiet.filter((q) => q !== null).length;
  const description =
    `${count(heat.total, 'check-in')} on ${count(activeDays, 'day')} over the last ${weeks} weeks, from ${shortDay(heat.start)}.` +
    (busiest.i >= 0 ? ` The busiest day was ${shortDay(addDays(heat.start, busiest.i))} with ${count(busiest.n, 'check-in')}.` : '') +
    (quietDays ? ` ${count(quietDays, 'day')} the team was away or on holiday.` : '');
  const root = chart(width, height, 'Check-in calendar', description, 'heat-map');
  heatMapRowLabels(heat.start).forEach((label, i) => root.appendChild(svg('text', { x: 0, y: top + i * 2 * STEP + CELL - 2, class: 'axis-label' }, label)));
  let lastMonth = '';
  for (let w = 0; w < weeks; w++) {
    const month = monthName(addDays(heat.start, w * 7));
    if (month !== lastMonth && w < weeks - 1) {
      root.appendChild(svg('text', { x: left + w * STEP, y: top - 6, class: 'axis-label' }, month));
      lastMonth = month;
    }
    for (let d = 0; d < 7; d++) {
      const n = heat.counts[w * 7 + d]!;
      if (n < 0) continue;
      const day = addDays(heat.start, w * 7 + d);
      const quiet = heat.quiet[w * 7 + d];
      root.appendChild(
        quiet
          ? // A day off is a rest, not a gap: its own quiet state, named in its tooltip.
            svg(
              'rect',
              { x: left + w * STEP, y: top + d * STEP, width: CELL, height: CELL, rx: 2, class: 'cell quiet' },
              tooltip(`${shortDay(day)}: ${safeText(quiet)}`),
            )
          : svg(
              'rect',
              { x: left + w * STEP, y: top + d * STEP, width: CELL, height: CELL, rx: 2, class: `cell level-${heatLevel(n, heat.max)}` },
              tooltip(`${shortDay(day)}: ${count(n, 'check-in')}`),
            ),
      );
    }
  }
  const legendY = top + 7 * STEP + 10;
  const legendX = width - 5 * STEP - 70;
  root.appendChild(svg('text', { x: legendX - 6, y: legendY + CELL - 2, class: 'axis-label', 'text-anchor': 'end' }, 'Fewer'));
  for (let level = 0; level <= 4; level++)
    root.appendChild(
      svg('rect', { x: legendX + level * STEP, y: legendY, width: CELL, height: CELL, rx: 2, class: `cell level-${level}`, 'aria-hidden': 'true' }),
    );
  root.appendChild(svg('text', { x: legendX + 5 * STEP + 2, y: legendY + CELL - 2, class: 'axis-label' }, 'More'));
  if (quietDays) {
    root.appendChild(svg('rect', { x: left, y: legendY, width: CELL, height: CELL, rx: 2, class: 'cell quiet', 'aria-hidden': 'true' }));
    root.appendChild(svg('text', { x: left + STEP + 2, y: legendY + CELL - 2, class: 'axis-label' }, 'Away or holiday'));
  }
  return root;
}

interface Bar {
  label: string;
  parts: { value: number; kind: string; name: string }[];
}

/** Vertical bars, stacked when a bar has several parts, with a value over each bar. */
function barChart(title: string, description: string, bars: Bar[], className: string): SVGSVGElement {
  const width = 520;
  const height = 200;
  const left = 28;
  const bottom = 22;
  const top = 16;
  const plot = height - top - bottom;
  const max = Math.max(1, ...bars.map((b) => b.parts.reduce((s, p) => s + p.value, 0)));
  const ticks = niceTicks(max);
  const scaleMax = ticks[ticks.length - 1]!;
  const root = chart(width, height, title, description, className);
  for (const tick of ticks) {
    const y = top + plot - (tick / scaleMax) * plot;
    root.appendChild(svg('line', { x1: left, x2: width, y1: y, y2: y, class: 'grid-line' }));
    root.appendChild(svg('text', { x: left - 6, y: y + 4, class: 'axis-label', 'text-anchor': 'end' }, String(tick)));
  }
  const slot = (width - left) / bars.length;
  const barWidth = Math.min(28, slot * 0.6);
  bars.forEach((bar, i) => {
    const x = left + i * slot + (slot - barWidth) / 2;
    let y = top + plot;
    const total = bar.parts.reduce((s, p) => s + p.value, 0);
    for (const part of bar.parts) {
      if (part.value <= 0) continue;
      const h = (part.value / scaleMax) * plot;
      y -= h;
      root.appendChild(svg('rect', { x, y, width: barWidth, height: h, class: `bar ${part.kind}` }, tooltip(`${bar.label}: ${part.value} ${part.name}`)));
    }
    if (total > 0) root.appendChild(svg('text', { x: x + barWidth / 2, y: y - 4, class: 'value-label', 'text-anchor': 'middle' }, String(total)));
    if (i % 2 === bars.length % 2 || bars.length <= 8)
      root.appendChild(svg('text', { x: x + barWidth / 2, y: height - 6, class: 'axis-label', 'text-anchor': 'middle' }, bar.label));
  });
  return root;
}

/** Whole-number gridlines at 1, 2 or 5 × a power of ten, about four of them. */
function niceTicks(max: number): number[] {
  const raw = Math.max(1, max / 4);
  const magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
  const norm = raw / magnitude;
  const step = Math.max(1, (norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 5 ? 5 : 10) * magnitude);
  const out: number[] = [];
  for (let t = 0; t < max + step; t += step) out.push(t);
  return out;
}

export function doneChart(weeks: DashboardView['donePerWeek']): SVGSVGElement {
  const total = weeks.reduce((s, w) => s + w.count, 0);
  const best = weeks.reduce((b, w) => (w.count > b.count ? w : b), weeks[0] ?? { week: '', count: 0 });
  const description = `${count(total, 'micro-goal')} finished over the last ${weeks.length} weeks; ${weeks.at(-1)?.count ?? 0} so far this week.${best.count ? ` The fullest week began ${dayMonth(best.week)} with ${best.count}.` : ''}`;
  return barChart(
    'Micro-goals done per week',
    description,
    weeks.map((w) => ({ label: dayMonth(w.week), parts: [{ value: w.count, kind: 'done', name: 'done' }] })),
    'done-chart',
  );
}

export function outcomeTotals(weeks: readonly OutcomeView[]): OutcomeView {
  return weeks.reduce(
    (t, w) => ({
      onTime: t.onTime + w.onTime,
      renegotiated: t.renegotiated + w.renegotiated,
      missed: t.missed + w.missed,
      doneLate: t.doneLate + w.doneLate,
      pastDue: t.pastDue + w.pastDue,
    }),
    {
      onTime: 0,
      renegotiated: 0,
      missed: 0,
      doneLate: 0,
      pastDue: 0,
    },
  );
}

export function outcomesChart(weeks: DashboardView['outcomesPerWeek']): SVGSVGElement {
  const t = outcomeTotals(weeks);
  const all = t.onTime + t.renegotiated + t.missed;
  const share = (n: number) => (all ? `${Math.round((n / all) * 100)}%` : '0%');
  const description = all
    ? `Of ${count(all, 'micro-goal')} due in the last ${weeks.length} weeks: ${t.onTime} on time (${share(t.onTime)}), ${t.renegotiated} renegotiated before the date (${share(t.renegotiated)}), ${t.missed} past due (${share(t.missed)}).`
    : `No micro-goals were due in the last ${weeks.length} weeks.`;
  return barChart(
    'On time, renegotiated and past due, by week due',
    description,
    weeks.map((w) => ({
      label: dayMonth(w.week),
      parts: [
        { value: w.onTime, kind: 'on-time', name: 'on time' },
        { value: w.renegotiated, kind: 'renegotiated', name: 'renegotiated' },
        { value: w.missed, kind: 'missed', name: 'past due' },
      ],
    })),
    'outcomes-chart',
  );
}

export function capacityChart(rows: readonly CapacityView[], names: (id: string) => string): SVGSVGElement {
  const width = 520;
  const rowHeight = 34;
  const left = 130;
  const right = 110;
  const height = Math.max(1, rows.length) * rowHeight + 8;
  const max = Math.max(1, ...rows.map((r) => Math.max(r.loadHours, r.capacityHours ?? 0)));
  const plot = width - left - right;
  const over = rows.filter((r) => r.overBy > 0);
  const description = rows.length
    ? rows.map((r) => `${names(r.member)}: ${hours(r.loadHours)}${r.capacityHours !== undefined ? ` of ${hours(r.capacityHours)}` : ''}`).join('; ') +
      (over.length ? `. Over capacity: ${over.map((r) => `${names(r.member)} by ${hours(r.overBy)}`).join(', ')}.` : '. Everyone is within capacity.')
    : 'No members yet.';
  const root = chart(width, height, 'Load against capacity this cycle', description, 'capacity-chart');
  rows.forEach((r, i) => {
    const y = 4 + i * rowHeight;
    const label = `${hours(r.loadHours)}${r.capacityHours !== undefined ? ` of ${hours(r.capacityHours)}` : ''}`;
    root.appendChild(svg('text', { x: 0, y: y + 17, class: 'row-label' }, clip(names(r.member), 18)));
    if (r.capacityHours !== undefined)
      root.appendChild(
        svg(
          'rect',
          { x: left, y: y + 4, width: (r.capacityHours / max) * plot, height: 18, rx: 2, class: 'capacity-track' },
          tooltip(`Capacity ${hours(r.capacityHours)}`),
        ),
      );
    const within = Math.min(r.loadHours, r.capacityHours ?? r.loadHours);
    root.appendChild(
      svg('rect', { x: left, y: y + 8, width: (within / max) * plot, height: 10, rx: 2, class: 'bar load' }, tooltip(`${names(r.member)}: ${label}`)),
    );
    if (r.overBy > 0)
      root.appendChild(
        svg(
          'rect',
          { x: left + (within / max) * plot, y: y + 8, width: (r.overBy / max) * plot, height: 10, rx: 2, class: 'bar over' },
          tooltip(`${hours(r.overBy)} over capacity`),
        ),
      );
    root.appendChild(svg('text', { x: width - right + 8, y: y + 17, class: r.overBy > 0 ? 'row-value over' : 'row-value' }, label));
  });
  return root;
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
