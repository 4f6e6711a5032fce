import { useMemo } from 'preact/hooks';
import { inboxApi } from './api';
import { FeedbackList } from './FeedbackList';
import { UncheckedList } from './UncheckedList';

/** The kaart inbox of one organisation: "Klopt niet" reports and entries not checked for six months. */
export function InboxPage({ organisationId, token }: { organisationId: string; token: string }) {
  const api = useMemo(() => inboxApi(organisationId, token), [organisationId, token]);
  const key = `${organisationId}:${token}`;
  return (
    <section aria-label="Kaart-inbox">
      <FeedbackList api={api} listKey={key} />
      <UncheckedList api={api} listKey={key} />
    </section>
  );
}

/** The national team's inbox: reports about national entries that coordinators passed on, and the national entries not checked for six months. */
export function NationalInboxPage({ token }: { token: string }) {
  const api = useMemo(() => inboxApi(null, token), [token]);
  return (
    <section aria-label="Kaart-inbox: landelijke gegevens">
      <FeedbackList api={api} listKey={`national:${token}`} national />
      <UncheckedList api={api} listKey={`national:${token}`} national />
    </section>
  );
}
