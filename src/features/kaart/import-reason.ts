import { countText, countWord, dutchNumber } from '../../shared/count-text';
import { dutchList } from '../../shared/dutch-text';

/** A unit of an import's errors: the rows of a spreadsheet or CSV package, the records of a JSON file. */
export const IMPORT_UNITS = { rij: ['rij', 'rijen', 'Rijen met fouten overslaan'], gegeven: ['gegeven', 'gegevens', 'Gegevens met fouten overslaan'] } as const;

export interface ImportReasonInput {
  /** a problem with the whole file */
  blocked?: string;
  /** rows or records with an error (they add nothing) */
  errorCount: number;
  unit: keyof typeof IMPORT_UNITS;
  /** "… met fouten overslaan" is ticked */
  skipping: boolean;
  /** what the plan would write, and what it leaves as it is */
  plan: { changes: number; unchanged: number; outsideScope: number };
}

/**
 * Why the tablet's import offers no "importeren", or undefined when it does. With nothing to write it says what each
 * part of the file is: "Er is niets om te importeren: 2 rijen hebben een fout en 3 gegevens staan al zo op deze tablet."
 * It said "Alle rijen hebben een fout" when some stood unchanged on the tablet, and "alles … staat al zo op deze tablet"
 * of a file whose records all belong to another organisation or the national kaart.
 */
export function importReason({ blocked, errorCount, unit, skipping, plan }: ImportReasonInput): string | undefined {
  const [one, many, skipLabel] = IMPORT_UNITS[unit];
  if (blocked) return blocked;
  if (errorCount > 0 && !skipping) {
    return `Er ${errorCount === 1 ? `is 1 ${one}` : `zijn ${errorCount} ${many}`} met een fout. Verbeter het bestand en kies het opnieuw, of vink "${skipLabel}" aan.`;
  }
  if (plan.changes > 0) return undefined;
  const parts = [
    ...(errorCount > 0 ? [`${countText(errorCount, one, many, dutchNumber)} ${countWord(errorCount, 'heeft', 'hebben')} een fout`] : []),
    ...(plan.unchanged > 0 ? [`${countText(plan.unchanged, 'gegeven', 'gegevens', dutchNumber)} ${countWord(plan.unchanged, 'staat', 'staan')} al zo op deze tablet`] : []),
    ...(plan.outsideScope > 0 ? [`${countText(plan.outsideScope, 'gegeven', 'gegevens', dutchNumber)} ${countWord(plan.outsideScope, 'is', 'zijn')} van de landelijke kaart of van een andere organisatie, en die wijzigt deze tablet niet`] : []),
  ];
  const what = parts.length > 0 ? `: ${dutchList(parts)}.` : ': het bestand heeft geen gegevens voor deze kaart.';
  return `Er is niets om te importeren${what}${errorCount > 0 ? ' Verbeter het bestand en kies het opnieuw.' : ''}`;
}
