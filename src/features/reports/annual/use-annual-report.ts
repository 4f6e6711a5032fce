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
  const [subjects, setSubjects] = useState<Subjects | undefined>(undefined);
  const [needsSubject, setNeedsSubject] = useState(false);
  const named = choice.organisation !== undefined || choice.municipality !== undefined;

  useEffect(() => {
    if (!token) return;
    let current = true;
    setError(undefined);
    setReport(undefined);
    setNeedsSubject(false);
    fetchAnnualReport(token, choice).then((answer) => { if (current) setReport(answer); }, (failure: ReportError) => {
      if (!current) return;
      if (failure.status === 400 && !named) setNeedsSubject(true);
      else setError({ status: failure.status, message: failure.message });
    });
    return () => { current = false; };
  }, [token, choice.year, choice.organisation, choice.municipality]);

  const national = needsSubject || report?.viewer === 'national';
  useEffect(() => {
    if (!token || !national) return;
    let current = true;
    fetchSubjects(token, choice.year).then((list) => { if (current) setSubjects(list); }, () => {});
    return () => { current = false; };
  }, [token, national, choice.year]);

  return { report, error, subjects: national ? subjects : undefined, needsSubject };
}
