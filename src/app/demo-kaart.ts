import demoKaart from '../shared/kaart/demo-kaart.json';
import { importHsdsJson } from '../shared/kaart/hsds-json';
import type { KaartDataSet } from '../shared/kaart/types';

/** The example kaart as records (its own chunk: only a tablet that never pulled a kaart needs it). */
export function demoKaartRecords(): KaartDataSet {
  return importHsdsJson(demoKaart).records;
}
