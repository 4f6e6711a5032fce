import { MONTH_ABBREVIATIONS } from '../../../shared/calendar';
import type { RisingTopic } from '../../../shared/rising';


/** "nov 2026" for 2026-11. */
export function shortMonth(month: string): string {
  return `${MONTH_ABBREVIATIONS[Number(month.slice(5, 7)) - 1]} ${month.slice(0, 4)}`;
}

interface TrendLineProps {
  series: RisingTopic['series'];
  label: string;
  /** the two-year view: wider, with the first and last month written under it */
  wide?: boolean;
}

/**
 * A small trend line of questions per month, drawn with SVG attributes only (strict CSP). Its text alternative
 * names the first, highest and last month; the two-year view has a table beside it.
 */
export function TrendLine({ series, label, wide }: TrendLineProps) {
  const [width, height, bottom] = wide ? [480, 120, 16] : [160, 40, 0];
  const top = 4;
  const max = Math.max(1, ...series.map((s) => s.questions));
  const x = (i: number) => (series.length <= 1 ? width / 2 : 2 + (i * (width - 4)) / (series.length - 1));
  const y = (n: number) => top + (1 - n / max) * (height - top - bottom - 2);
  const points = series.map((s, i) => `${x(i).toFixed(1)},${y(s.questions).toFixed(1)}`).join(' ');
  const last = series[series.length - 1];
  const highest = series.reduce((best, s) => (s.questions > best.questions ? s : best), series[0]);
  const summary = series.length === 0 ? `${label}: geen cijfers`
    : `${label}, vragen per maand van ${shortMonth(series[0].month)} tot ${shortMonth(last.month)}: eerst ${series[0].questions}, `
      + `hoogst ${highest.questions} (${shortMonth(highest.month)}), nu ${last.questions}.`;
  return (
    <svg class={wide ? 'ido-trend ido-trend--wide' : 'ido-trend'} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={summary} focusable="false">
      <title>{summary}</title>
      <line class="ido-trend__axis" x1="0" x2={width} y1={height - bottom - 1} y2={height - bottom - 1} />
      {series.length > 0 && <polyline class="ido-trend__line" points={points} />}
      {series.length > 0 && <circle class="ido-trend__now" cx={x(series.length - 1)} cy={y(last.questions)} r={wide ? 4 : 3} />}
      {wide && series.length > 0 && (
        <>
          <text class="ido-trend__label" x="2" y={height - 3}>{shortMonth(series[0].month)}</text>
          <text class="ido-trend__label" x={width - 2} y={height - 3} text-anchor="end">{shortMonth(last.month)}</text>
        </>
      )}
    </svg>
  );
}
