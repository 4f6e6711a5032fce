import { useEffect, useState } from 'preact/hooks';
import type { AnnualReport } from '../../../shared/annual-report';
import type { ReportError } from '../dashboard/api';
import { type AnnualChoice, fetchAnnualReport, fetchSubjects } from './api';

export type Subjects = Awaited<ReturnType<typeof fetchSubjects>>;

/**
 * The report for a choice. A national token must name an organisation or municipality: without one the
 * server's 400 says so, and for the national team the hook loads the list to choose from.
 */
export function useAnnualReport(token: string | undefined, choice: AnnualChoice) {
  const [report, setReport] = useState<AnnualReport | undefined>(undefined);
  const [error, setError] = useState<{ status: number; message: string } | undefined>(undefined);
  // null: the list could not be read (the report is shown without it)
  const [subjects, setSubjects] = useState<Subjects | null | undefined>(undefined);
  const [needsSubject, setNeedsSubject] = useState(false);
  // A national token stays national for every year it chooses: its list of subjects stays in the form meanwhile.
  const [national, setNational] = useState(false);
  const named = choice.organisation !== undefined || choice.municipality !== undefined;

  useEffect(() => {
    if (!token) return;
    let current = true;
    setError(undefined);
    setReport(undefined);
    setNeedsSubject(false);
    fetchAnnualReport(token, choice).then((answer) => {
      if (!current) return;
      setReport(answer);
      if (answer.viewer === 'national') setNational(true);
    }, (failure: ReportError) => {
      if (!current) return;
      if (failure.status === 400 && !named) {
        setNeedsSubject(true);
        setNational(true);
      } else setError({ status: failure.status, message: failure.message });
    });
    return () => { current = false; };
  }, [token, choice.year, choice.organisation, choice.municipality]);

  useEffect(() => {
    if (!token || !national) return;
    let current = true;
    fetchSubjects(token, choice.year).then((list) => { if (current) setSubjects(list); }, () => { if (current) setSubjects((kept) => kept ?? null); });
    return () => { current = false; };
  }, [token, national, choice.year]);

  // For the national team the report waits for its list of subjects, so the form's second field and the report come
  // together: a field that came later would push the report down.
  const waiting = national && subjects === undefined;
  return {
    report: waiting ? undefined : report,
    error,
    subjects: national && subjects ? subjects : undefined,
    needsSubject: needsSubject && !waiting,
  };
}
