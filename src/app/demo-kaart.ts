import demoKaart from '../shared/kaart/demo-kaart.json';
import { importHsdsJson } from '../shared/kaart/hsds-json';
import type { KaartDataSet } from '../shared/kaart/types';

/** The example kaart as records (its own chunk: only a tablet that never pulled a kaart needs it). */
export function demoKaartRecords(): KaartDataSet {
  return importHsdsJson(demoKaart).records;
}

/** The Snelwijzer's national demo cards, shown beside the example kaart. */
export { DEMO_NATIONAL_CARDS as demoCards } from '../shared/snelwijzer/demo-cards';
