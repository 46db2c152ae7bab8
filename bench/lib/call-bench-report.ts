import type { BaselineTiming } from './call-bench-baseline.js';
import type { AppCallTiming } from './call-bench-app.js';

/** Nearest-rank percentile (p in 0..100) of a non-empty sample. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

const ms = (value: number) => `${Math.round(value)} ms`;

/** The benchmark's result as a Markdown table, with the goals of issue 3 and whether they are met. */
export function callTable(app: readonly AppCallTiming[], baseline: readonly BaselineTiming[], twoPages: readonly BaselineTiming[]): string {
  const connected = app.map((t) => t.offerToConnectedMs);
  const frame = app.map((t) => t.acceptToFrameMs);
  const baseConnected = baseline.map((t) => t.offerToConnectedMs);
  const baseFrame = baseline.map((t) => t.offerToFrameMs);
  const ratio = percentile(connected, 50) / percentile(baseConnected, 50);
  const frameMedian = percentile(frame, 50);
  const answer = app.map((t) => t.offerToAnswerMs);
  const baseAnswer = baseline.map((t) => t.offerToAnswerMs);
  const rows = [
    ['measure', 'median', 'p90', 'baseline median', 'baseline p90', 'ratio (medians)', 'goal', 'met'],
    ['---', '---:', '---:', '---:', '---:', '---:', '---', '---'],
    [
      'offer → ICE connected',
      ms(percentile(connected, 50)),
      ms(percentile(connected, 90)),
      ms(percentile(baseConnected, 50)),
      ms(percentile(baseConnected, 90)),
      `${ratio.toFixed(2)}×`,
      '≤ 1.5× baseline',
      ratio <= 1.5 ? 'yes' : 'NO',
    ],
    [
      '… of which offer → answer applied ²',
      ms(percentile(answer, 50)),
      ms(percentile(answer, 90)),
      ms(percentile(baseAnswer, 50)),
      ms(percentile(baseAnswer, 90)),
      `${(percentile(answer, 50) / percentile(baseAnswer, 50)).toFixed(2)}×`,
      '',
      '',
    ],
    [
      'two pages through a bare socket.io relay ³: offer → ICE connected',
      ms(percentile(twoPages.map((t) => t.offerToConnectedMs), 50)),
      ms(percentile(twoPages.map((t) => t.offerToConnectedMs), 90)),
      '',
      '',
      `app ÷ this: ${(percentile(connected, 50) / percentile(twoPages.map((t) => t.offerToConnectedMs), 50)).toFixed(2)}×`,
      '',
      '',
    ],
    [
      '… of which offer → answer applied',
      ms(percentile(twoPages.map((t) => t.offerToAnswerMs), 50)),
      ms(percentile(twoPages.map((t) => t.offerToAnswerMs), 90)),
      '',
      '',
      `app ÷ this: ${(percentile(answer, 50) / percentile(twoPages.map((t) => t.offerToAnswerMs), 50)).toFixed(2)}×`,
      '',
      '',
    ],
    [
      'click "Accept call" → first remote frame',
      ms(frameMedian),
      ms(percentile(frame, 90)),
      `${ms(percentile(baseFrame, 50))} ¹`,
      `${ms(percentile(baseFrame, 90))} ¹`,
      `${(frameMedian / percentile(baseFrame, 50)).toFixed(2)}×`,
      '≤ 600 ms median',
      frameMedian <= 600 ? 'yes' : 'NO',
    ],
  ];
  return [
    ...rows.map((row) => `| ${row.join(' | ')} |`),
    '',
    '¹ baseline: offer → first remote frame of the two in-page connections (the nearest bare equivalent).',
    '² the signaling round trip: through the server to the other browser, its answer, and back (in the baseline, none).',
    '³ a second reference, not the goal’s: two bare pages in two browser contexts (two renderer processes, as the',
    '  app’s two tabs) signaling through bare-relay.ts — the same exchange with no app, no Angular and no server logic.',
  ].join('\n');
}
