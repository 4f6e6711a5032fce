import { describe, expect, it } from 'vitest';
import { firstPaintRows, lowestRunText, medianRun, type FirstPaintFigures, type LighthouseFigures } from '../../bench/first-paint';
import { measuredMedian } from '../../bench/stats';

const run = (score: number, tbtMs = 100): LighthouseFigures => ({ score, scores: [score], fcpMs: 1_000, lcpMs: 1_500, cls: 0, tbtMs, ttiMs: 2_000 });
const failed: LighthouseFigures = { ...run(Number.NaN), failure: 'NO_LCP: no largest contentful paint' };

describe('the bench\'s Lighthouse median', () => {
  it('takes the run with the median score and lists every run', () => {
    expect(medianRun([run(0.9, 300), run(0.99, 10), run(0.95, 100)])).toMatchObject({ score: 0.95, tbtMs: 100, scores: [0.9, 0.99, 0.95] });
  });

  it('leaves a run that gave no score out of the median, and prints it as failed instead of stopping the bench', () => {
    const median = medianRun([run(0.97), failed, run(0.93)]);
    expect(median.score).toBe(0.93);
    expect(median.scores).toEqual([0.97, Number.NaN, 0.93]);
    const figures = { app: {}, floor: {}, lighthouse: median, lighthouseFloor: medianRun([failed]), coldStartRuns: [], coldStartFloorRuns: [], coldStartScriptFloorRuns: [], coldStartFormFloorRuns: [], warnings: [] } as unknown as FirstPaintFigures;
    const rows = firstPaintRows({ ...figures, app: { fcpMs: 1, lcpMs: 1, cls: 0, lcpRuns: [], runs: [] }, floor: { fcpMs: 1, lcpMs: 1, cls: 0, lcpRuns: [], runs: [] } } as unknown as FirstPaintFigures);
    const lighthouse = rows.find((row) => row.figure.startsWith('Lighthouse'));
    expect(lighthouse?.ratio).toContain('runs 0.97, failed, 0.93');
    expect(lighthouse?.baseline).toContain('(runs failed)');
  });

  it('tells where the lowest run lost its score: its LCP, TBT and longest task', () => {
    const low = { ...run(0.87, 420), longTasks: [{ url: 'http://127.0.0.1:8080/assets/index-abc.js', startMs: 1_900, durationMs: 310 }] };
    const median = medianRun([run(0.98, 130), low, run(0.99, 40)]);
    expect(median.runs?.map((r) => r.score)).toEqual([0.98, 0.87, 0.99]);
    expect(lowestRunText(median)).toBe('; the lowest run 0.87: LCP 1500 ms · TBT 420 ms; its longest task 310 ms at 1900 ms (/assets/index-abc.js)');
    expect(lowestRunText(medianRun([run(0.98), run(0.98)]))).toBe('');
  });
});

describe('the bench\'s cold start on the screen', () => {
  const paint = { fcpMs: 1, lcpMs: 1, cls: 0, lcpRuns: [], runs: [] };
  const figures = {
    app: paint, floor: paint, coldStartMs: 600, coldStartRuns: [600], coldStartFcpMs: 300, coldStartFloorMs: 340, coldStartFloorRuns: [340],
    coldStartScriptFloorMs: 440, coldStartScriptFloorRuns: [440], coldStartFormFloorMs: 390, coldStartFormFloorRuns: [390], warnings: [],
  } as unknown as FirstPaintFigures;

  it('prints when the form is on the screen beside the figure that ends when it is in the page, with both floors', () => {
    const rows = firstPaintRows({ ...figures, coldStartOnScreenMs: 810, coldStartOnScreenRuns: [790, 810, Number.NaN], coldStartFloorOnScreenMs: 360, coldStartFormFloorOnScreenMs: 620 });
    const row = rows.find((r) => r.figure.includes('on the screen'));
    expect(row?.value).toBe('810 ms');
    expect(row?.baseline).toBe('static floor page 360 ms; the app\'s form as static HTML 620 ms');
    expect(row?.ratio).toBe('+210 ms after the form is in the page; the app +190 ms above its form as static HTML (runs 790, 810, NaN)');
    expect(firstPaintRows(figures).some((r) => r.figure.includes('on the screen'))).toBe(false);
  });

  it('takes the median of the runs that saw the form on the screen, and says NaN when none did', () => {
    expect(measuredMedian([700, Number.NaN, 900, 800])).toBe(800);
    expect(measuredMedian([Number.NaN])).toBeNaN();
  });
});
