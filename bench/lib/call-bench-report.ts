import type { BaselineTiming } from './call-bench-baseline.js';
import type { AppCallTiming } from './call-bench-app.js';

/** Nearest-rank percentile (p in 0..100) of a non-empty sample. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

const ms = (value: number) => `${Math.round(value)} ms`;

/** One row: the app's median and p90 next to a reference's, and their ratio. */
function row(measure: string, app: readonly number[], reference: readonly number[], goal = '', met = '', mark = ''): string[] {
  const ratio = percentile(app, 50) / percentile(reference, 50);
  return [measure, ms(percentile(app, 50)), ms(percentile(app, 90)), `${ms(percentile(reference, 50))}${mark}`, `${ms(percentile(reference, 90))}${mark}`, `${ratio.toFixed(2)}×`, goal, met];
}

/** The benchmark's result as a Markdown table, with the goals of issue 3 and whether they are met. */
export function callTable(app: readonly AppCallTiming[], baseline: readonly BaselineTiming[], twoPages: readonly BaselineTiming[]): string {
  const connected = app.map((t) => t.offerToConnectedMs);
  const answer = app.map((t) => t.offerToAnswerMs);
  const frame = app.map((t) => t.acceptToFrameMs);
  const ratio = percentile(connected, 50) / percentile(baseline.map((t) => t.offerToConnectedMs), 50);
  const frameMedian = percentile(frame, 50);
  const rows = [
    ['measure', 'app median', 'app p90', 'reference median', 'reference p90', 'ratio (medians)', 'goal', 'met'],
    ['---', '---:', '---:', '---:', '---:', '---:', '---', '---'],
    row('offer → ICE connected, vs the in-page baseline', connected, baseline.map((t) => t.offerToConnectedMs), '≤ 1.5× baseline', ratio <= 1.5 ? 'yes' : 'NO'),
    row('… of which offer → answer applied ²', answer, baseline.map((t) => t.offerToAnswerMs)),
    row('offer → ICE connected, vs two bare pages ³', connected, twoPages.map((t) => t.offerToConnectedMs)),
    row('… of which offer → answer applied', answer, twoPages.map((t) => t.offerToAnswerMs)),
    row('click "Accept call" → first remote frame', frame, baseline.map((t) => t.offerToFrameMs), '≤ 600 ms median', frameMedian <= 600 ? 'yes' : 'NO', ' ¹'),
  ];
  return [
    ...rows.map((cells) => `| ${cells.join(' | ')} |`),
    '',
    '¹ in-page baseline: offer → first remote frame of the two in-page connections (the nearest bare equivalent).',
    '² the signaling round trip: through the server to the other browser, its answer, and back (in the baseline, none).',
    '³ a second reference, not the goal’s: two bare pages in two browser contexts (two renderer processes, as the',
    '  app’s two tabs) signaling through bare-relay.ts — the same exchange with no app, no Angular and no server logic.',
  ].join('\n');
}
