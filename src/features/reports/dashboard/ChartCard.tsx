import { BarController, BarElement, CategoryScale, Chart, LinearScale, Tooltip } from 'chart.js';
import { useEffect, useRef, useState } from 'preact/hooks';
import { Button } from '../../../ui/Button';
import { CountTable } from '../../../ui/CountTable';
import { countScales, wrappedLabel } from './chart-scales';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);

export interface ChartDatum {
  label: string;
  contacts: number;
  questions: number;
}

interface ChartCardProps {
  id: string;
  title: string;
  data: ChartDatum[];
  /** which number the bars show */
  measure: 'contacts' | 'questions';
  horizontal?: boolean;
  onExport: () => void;
}

/** One chart with its numbers as a table ("toon als tabel") for screen readers and checking. */
export function ChartCard({ id, title, data, measure, horizontal, onExport }: ChartCardProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [asTable, setAsTable] = useState(false);
  useEffect(() => {
    if (asTable || !canvas.current) return;
    const chart = new Chart(canvas.current, {
      type: 'bar',
      data: {
        labels: data.map((d) => (horizontal ? wrappedLabel(d.label) : d.label)),
        datasets: [{ label: measure === 'contacts' ? 'Contacten' : 'Vragen', data: data.map((d) => d[measure]), backgroundColor: '#154273' }],
      },
      options: {
        indexAxis: horizontal ? 'y' : 'x',
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        // the whole label: Chart.js would join a wrapped one's lines with a comma ("waar,de bezoeker")
        plugins: { tooltip: { enabled: true, callbacks: { title: (items) => data[items[0]?.dataIndex ?? -1]?.label ?? '' } } },
        scales: countScales(horizontal ?? false),
      },
    });
    return () => chart.destroy();
  }, [asTable, JSON.stringify(data), measure, horizontal]);

  const total = data.reduce((sum, d) => sum + d[measure], 0);
  return (
    <section class="ido-card ido-chart" aria-labelledby={`${id}-title`}>
      <div class="ido-row ido-row--spread">
        <h2 class="utrecht-heading-2" id={`${id}-title`}>{title}</h2>
        <div class="ido-row">
          {/* No aria-pressed: the label says what a tap does, and changes with it; "als grafiek, ingedrukt" contradicted itself. */}
          <Button onClick={() => setAsTable(!asTable)}>
            Toon <span class="ido-visually-hidden">{title} </span>{asTable ? 'als grafiek' : 'als tabel'}
          </Button>
          <Button appearance="subtle" onClick={onExport}>CSV<span class="ido-visually-hidden"> van {title}</span></Button>
        </div>
      </div>
      {asTable ? (
        <CountTable id={`${id}-table`} title={title} captionHidden rows={data.map((d) => ({ ...d, key: d.label }))} />
      ) : (
        <div class="ido-chart__canvas" style={{ blockSize: horizontal ? `${Math.max(160, data.length * 28 + 40)}px` : '260px' }}>
          <canvas ref={canvas} role="img" aria-label={`${title}: ${data.map((d) => `${d.label} ${d[measure]}`).join(', ')}. Totaal ${total}.`} id={`${id}-chart`} />
        </div>
      )}
    </section>
  );
}
