import { useMemo, useState } from 'preact/hooks';
import { inboxApi } from './api';
import { FeedbackList } from './FeedbackList';
import { PassedOnList } from './PassedOnList';
import { UncheckedList } from './UncheckedList';

/**
 * The kaart inbox of one organisation: "Klopt niet" reports, the ones passed on to the national team and where they
 * stand, and entries not checked for six months.
 */
export function InboxPage({ organisationId, token }: { organisationId: string; token: string }) {
  const api = useMemo(() => inboxApi(organisationId, token), [organisationId, token]);
  const key = `${organisationId}:${token}`;
  // Each report passed on here reads that list again, so it shows there at once.
  const [passedOn, setPassedOn] = useState(0);
  return (
    <section aria-label="Kaart-inbox">
      <FeedbackList api={api} listKey={key} onResolved={(resolution) => resolution === 'doorgegeven' && setPassedOn((n) => n + 1)} />
      <PassedOnList api={api} listKey={`${key}:${passedOn}`} />
      <UncheckedList api={api} listKey={key} />
    </section>
  );
}

/**
 * The national team's inbox: the reports about national entries from every organisation (open ones and those
 * coordinators passed on), and the national entries not checked for six months.
 */
export function NationalInboxPage({ token }: { token: string }) {
  const api = useMemo(() => inboxApi(null, token), [token]);
  return (
    <section aria-label="Kaart-inbox: landelijke gegevens">
      <FeedbackList api={api} listKey={`national:${token}`} national />
      <UncheckedList api={api} listKey={`national:${token}`} national />
    </section>
  );
}
