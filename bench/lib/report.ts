import type { HoldFigures } from './hold-run.js';
import { median } from './latency-samples.js';
import type { RunFigures } from './load-run.js';

export const goals = {
  signalP99Ratio: 1.2,
  deliveryP99Ms: 25,
  memoryRatio: 1.3,
  holdConnections: 10_000,
} as const;

const fmt = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : '—');
const verdict = (met: boolean) => (met ? '**met**' : '**missed**');

type Row = { label: string; pick: (r: RunFigures) => number; digits?: number; goal?: (ours: number, ratio: number) => string };

const rows: Row[] = [
  { label: 'ack p50 (ms)', pick: (r) => r.ackP50, digits: 2 },
  { label: 'ack p99 (ms)', pick: (r) => r.ackP99, digits: 2 },
  { label: 'delivery p50 (ms)', pick: (r) => r.deliveryP50, digits: 2 },
  {
    label: 'delivery p99 (ms)',
    pick: (r) => r.deliveryP99,
    digits: 2,
    goal: (ours) => `≤ ${goals.deliveryP99Ms} ms: ${verdict(ours <= goals.deliveryP99Ms)}`,
  },
  { label: 'signal relay p50 (ms)', pick: (r) => r.signalP50, digits: 2 },
  {
    label: 'signal relay p99 (ms)',
    pick: (r) => r.signalP99,
    digits: 2,
    goal: (_, ratio) => `≤ ${goals.signalP99Ratio}× bare: ${verdict(ratio <= goals.signalP99Ratio)}`,
  },
  {
    label: 'RSS per idle connection (KiB)',
    pick: (r) => r.rssPerConnectionKiB,
    goal: (_, ratio) => `≤ ${goals.memoryRatio}× bare: ${verdict(ratio <= goals.memoryRatio)}`,
  },
  {
    label: 'heap per idle connection (KiB)',
    pick: (r) => r.heapPerConnectionKiB,
    goal: (_, ratio) => `≤ ${goals.memoryRatio}× bare: ${verdict(ratio <= goals.memoryRatio)}`,
  },
  { label: 'server CPU (% of one core)', pick: (r) => r.serverCpuPercent, digits: 0 },
  { label: 'server CPU per message (µs)', pick: (r) => r.serverCpuPerMessageUs, digits: 0 },
  { label: 'PostgreSQL CPU (% of one core)', pick: (r) => r.databaseCpuPercent ?? Number.NaN, digits: 0 },
  { label: 'connect all clients (s)', pick: (r) => r.connectSeconds, digits: 1 },
  { label: 'harness CPU (% of one core)', pick: (r) => r.harnessCpuPercent, digits: 0 },
  { label: 'harness send lag p99 (ms)', pick: (r) => r.harnessLagP99, digits: 1 },
  { label: 'harness event-loop delay p99 (ms)', pick: (r) => r.harnessLoopDelayP99, digits: 1 },
  { label: 'server event-loop delay p99 (ms)', pick: (r) => r.serverLoopDelayP99, digits: 1 },
  { label: 'server event-loop delay max (ms)', pick: (r) => r.serverLoopDelayMax, digits: 1 },
  { label: 'server GC pauses, total (ms)', pick: (r) => r.serverGcPauseMs, digits: 0 },
  { label: 'server GC pause, longest (ms)', pick: (r) => r.serverGcMaxMs, digits: 1 },
];

const lost = (r: RunFigures) =>
  `${r.messages.sent - r.messages.acked - r.messages.refused}/${r.messages.refused}/${r.messages.acked - r.messages.delivered}` +
  ` · ${r.signals.sent - r.signals.acked - r.signals.refused}/${r.signals.refused}/${r.signals.acked - r.signals.delivered}` +
  (r.disconnects > 0 ? ` · ${r.disconnects} disconnects` : '') +
  (Object.keys(r.refusals).length > 0 ? ` (${Object.entries(r.refusals).map(([code, n]) => `${code} ×${n}`).join(', ')})` : '');

/** The case's table: medians over the runs of each figure, ours against the baseline, with the goals. */
export function caseTable(title: string, ours: readonly RunFigures[], bare: readonly RunFigures[]): string {
  const lines = [
    `### ${title}`,
    '',
    `| median of ${ours.length} run${ours.length === 1 ? '' : 's'} | Your Car Your Way | bare socket.io | ratio | goal |`,
    '| --- | ---: | ---: | ---: | --- |',
  ];
  for (const row of rows) {
    const a = median(ours.map(row.pick));
    const b = median(bare.map(row.pick));
    const ratio = a / b;
    lines.push(`| ${row.label} | ${fmt(a, row.digits)} | ${fmt(b, row.digits)} | ${fmt(ratio, 2)} | ${row.goal?.(a, ratio) ?? ''} |`);
  }
  lines.push(
    '',
    'Every run (machine CPU pressure: share of the measured window in which some task waited for a CPU);',
    'lost: messages then signals as unanswered / refused / undelivered (all 0 expected):',
    '',
    '| run | target | ack p99 | delivery p99 | signal p99 | RSS/conn KiB | heap/conn KiB | CPU % | CPU µs/msg | machine CPU pressure % | messages · signals lost |',
    '| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
  );
  ours.forEach((r, i) => {
    for (const [label, run] of [['ours', r], ['bare', bare[i]]] as const) {
      if (!run) continue;
      lines.push(
        `| ${i + 1} | ${label} | ${fmt(run.ackP99, 2)} | ${fmt(run.deliveryP99, 2)} | ${fmt(run.signalP99, 2)} | ${fmt(run.rssPerConnectionKiB)} | ${fmt(run.heapPerConnectionKiB)} | ${fmt(run.serverCpuPercent, 0)} | ${fmt(run.serverCpuPerMessageUs, 0)} | ${fmt(run.cpuPressurePercent, 0)} | ${lost(run)} |`,
      );
    }
  });
  return lines.join('\n');
}

/** The hold mode's table. */
export function holdTable(title: string, ours: readonly HoldFigures[], bare: readonly HoldFigures[]): string {
  const pick = (runs: readonly HoldFigures[], f: (h: HoldFigures) => number) => median(runs.map(f));
  const row = (label: string, f: (h: HoldFigures) => number, digits = 1, goal = '') => {
    const a = pick(ours, f);
    const b = pick(bare, f);
    return `| ${label} | ${fmt(a, digits)} | ${fmt(b, digits)} | ${fmt(a / b, 2)} | ${goal} |`;
  };
  const held = ours.every((h) => h.connected === h.attempted && h.minConnectedWhileHolding === h.attempted && h.answered === h.attempted);
  return [
    `### ${title}`,
    '',
    `| median of ${ours.length} run${ours.length === 1 ? '' : 's'} | Your Car Your Way | bare socket.io | ratio | goal |`,
    '| --- | ---: | ---: | ---: | --- |',
    row('connected', (h) => h.connected, 0, `${goals.holdConnections} held: ${verdict(held && ours[0]!.attempted >= goals.holdConnections)}`),
    row('fewest connected while holding', (h) => h.minConnectedWhileHolding, 0),
    row('answered presence:set after holding', (h) => h.answered, 0),
    row('failed to connect', (h) => h.failed, 0),
    row('disconnections', (h) => h.disconnects, 0),
    row('connect all (s)', (h) => h.connectSeconds),
    row('server RSS (MiB)', (h) => h.rssTotalMiB),
    row('server heap (MiB)', (h) => h.heapTotalMiB),
    row('RSS per connection (KiB)', (h) => h.rssPerConnectionKiB, 1, `≤ ${goals.memoryRatio}× bare`),
    row('heap per connection (KiB)', (h) => h.heapPerConnectionKiB, 1, `≤ ${goals.memoryRatio}× bare`),
    ...[...ours, ...bare].filter((h) => h.firstFailure).map((h) => `\nfirst failure: ${h.firstFailure}`),
  ].join('\n');
}
