import { useState } from 'preact/hooks';
import { periodOrderText } from '../../../shared/date-text';
import { DateField } from '../../../ui/DateField';

interface PeriodFieldsProps {
  /** the fields' id prefix: `filter` gives filter-from and filter-to */
  idPrefix: string;
  from?: string;
  to?: string;
  /** a period whose order is right, both ends (undefined: none) */
  onChange: (period: { from?: string; to?: string }) => void;
}

/**
 * "Van" and "Tot en met" of the dashboard and of "Uren en drukte", each day also in words (DateField). A begin after
 * the end is refused here, naming both days in words: it stays in its field with the message and the filters keep the
 * period they had (the server answered it with "from moet op of vóór to liggen." in every view).
 */
export function PeriodFields({ idPrefix, from = '', to = '', onChange }: PeriodFieldsProps) {
  // A refused day, kept beside the period it was refused against: once the filters change otherwise (a year chosen),
  // the fields show the filters again.
  const [kept, setRefused] = useState<{ field: 'from' | 'to'; value: string; from: string; to: string } | undefined>(undefined);
  const refused = kept?.from === from && kept.to === to ? kept : undefined;
  const shown = { from, to, ...(refused ? { [refused.field]: refused.value } : {}) };
  const problem = periodOrderText(shown.from, shown.to, refused?.field);
  const choose = (field: 'from' | 'to', value: string) => {
    const next = { ...shown, [field]: value };
    if (periodOrderText(next.from, next.to)) return setRefused({ field, value, from, to });
    setRefused(undefined);
    onChange({ from: next.from || undefined, to: next.to || undefined });
  };
  const field = (end: 'from' | 'to', label: string) => (
    <DateField id={`${idPrefix}-${end}`} label={label} on="change" value={shown[end]} emptyText="Geen dag gekozen"
      error={problem && (refused?.field ?? 'from') === end ? problem : undefined} onDay={(value) => choose(end, value)} />
  );
  return <>{field('from', 'Van (niet verplicht)')}{field('to', 'Tot en met (niet verplicht)')}</>;
}
