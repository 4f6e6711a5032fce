import type { AnnualChoice } from './api';

/** Reads `jaar=2026&organisatie=…` or `&gemeente=GM0828` from the page's query; the current year when none. */
export function parseChoice(query: string, thisYear = new Date().getFullYear()): AnnualChoice {
  const params = new URLSearchParams(query);
  const year = Number(params.get('jaar'));
  const choice: AnnualChoice = { year: Number.isInteger(year) && year >= 2000 && year <= 2100 ? year : thisYear };
  const organisation = params.get('organisatie');
  const municipality = params.get('gemeente');
  if (organisation) choice.organisation = organisation;
  else if (municipality) choice.municipality = municipality;
  return choice;
}

/** The query of a choice, for the URL. */
export function choiceToQuery(choice: AnnualChoice): string {
  const params = new URLSearchParams({ jaar: String(choice.year) });
  if (choice.organisation) params.set('organisatie', choice.organisation);
  if (choice.municipality) params.set('gemeente', choice.municipality);
  return params.toString();
}
