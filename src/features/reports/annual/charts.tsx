/*
 * Small SVG charts for the annual report: black on white, so they print and copy in black and white. Each
 * one stands beside a table with the same numbers (the charts are for the eye; the tables are the record).
 */
import { MONTH_ABBREVIATIONS } from '../../../shared/calendar';

/** Bars per month, with the month under each bar and the number above it. */
export function MonthBars({ values, label }: { values: number[]; label: string }) {
  const max = Math.max(1, ...values);
  const width = 600;
  const height = 200;
  const slot = width / values.length;
  return (
    <svg class="ido-annual__chart" viewBox={`0 0 ${width} ${height + 40}`} role="img" aria-label={`${label}: ${values.map((v, i) => `${MONTH_ABBREVIATIONS[i]} ${v}`).join(', ')}`}>
      <line x1="0" y1={height} x2={width} y2={height} stroke="#000" stroke-width="1" />
      {values.map((value, i) => {
        const barHeight = Math.round((value / max) * (height - 24));
        const x = i * slot + slot * 0.15;
        return (
          <g key={i}>
            <rect x={x} y={height - barHeight} width={slot * 0.7} height={barHeight} fill="#333" stroke="#000" stroke-width="1" />
            <text x={x + slot * 0.35} y={height - barHeight - 6} text-anchor="middle" font-size="14" fill="#000">{value}</text>
            <text x={x + slot * 0.35} y={height + 24} text-anchor="middle" font-size="14" fill="#000">{MONTH_ABBREVIATIONS[i]}</text>
          </g>
        );
      })}
    </svg>
  );
}

/** A trend line of twelve months (decorative: the table beside it holds the numbers). */
export function TrendLine({ values }: { values: number[] }) {
  const max = Math.max(1, ...values);
  const points = values.map((v, i) => `${(i * 100) / (values.length - 1)},${28 - (v / max) * 24}`).join(' ');
  return (
    <svg class="ido-annual__trend" viewBox="0 0 100 30" aria-hidden="true" focusable="false">
      <polyline points={points} fill="none" stroke="#000" stroke-width="2" />
    </svg>
  );
}

/** A horizontal bar for a share (0…1), with a border so an empty bar is still seen on paper. */
export function ShareBar({ share }: { share: number }) {
  return (
    <svg class="ido-annual__share" viewBox="0 0 100 12" aria-hidden="true" focusable="false">
      <rect x="0.5" y="0.5" width="99" height="11" fill="#fff" stroke="#000" stroke-width="1" />
      <rect x="0.5" y="0.5" width={Math.max(0, Math.min(99, share * 99))} height="11" fill="#333" />
    </svg>
  );
}

