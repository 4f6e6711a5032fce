/** Chart.js's scale options for a bar chart of counts (ChartCard.tsx); no chart.js import, so a unit test reads them. */
type Axis = { ticks: { color: string; font: { size: number }; precision?: number }; beginAtZero?: boolean };
// a type, not an interface: Chart.js's `scales` takes an object with an index signature
export type CountScales = { x: Axis; y: Axis };

const TEXT = '#1a1a1a';
/** Chart.js draws its axis text at 12 px: months and topics were hard to read on a tablet beside the app's 18 px. */
const FONT = { size: 15 };

/**
 * The count axis starts at zero and steps in whole numbers: with a few contacts Chart.js chose steps of 0,5 and the
 * axis read "1,5" and "4,5" contacts. The count axis is y for upright bars, x for bars lying down (`horizontal`).
 */
export function countScales(horizontal: boolean): CountScales {
  const counts = { ticks: { color: TEXT, font: FONT, precision: 0 }, beginAtZero: true };
  const labels = { ticks: { color: TEXT, font: FONT } };
  return horizontal ? { x: counts, y: labels } : { x: labels, y: counts };
}

/**
 * A bar's label for the axis beside bars lying down, in lines of at most `width` characters (whole words; Chart.js
 * draws an array as lines). Chart.js gives that axis at most part of the chart's width and cuts a longer line at its
 * left edge: "Extern: verteld waar de bezoeker heen kan" read "teld waar de bezoeker heen kan" at 1024 px.
 */
export function wrappedLabel(text: string, width = 20): string | string[] {
  if (text.length <= width) return text;
  const lines: string[] = [];
  for (const word of text.split(/\s+/)) {
    const last = lines.length - 1;
    if (last >= 0 && lines[last].length + 1 + word.length <= width) lines[last] += ` ${word}`;
    else lines.push(word);
  }
  return lines;
}
