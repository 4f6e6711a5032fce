import '@utrecht/heading-3-css/dist/index.css';
import { Alert } from '../../../ui/Alert';
import { Button } from '../../../ui/Button';
import type { InboxApi, UncheckedService } from './api';
import { dayText } from '../../../shared/date-text';
import { useInboxList } from './use-inbox-list';

/** "Lang niet gecontroleerd": services whose last check is over six months ago or missing, oldest first. */
export function UncheckedList({ api, listKey, national = false }: { api: InboxApi; listKey: string; national?: boolean }) {
  const list = useInboxList<UncheckedService>(api.unchecked, listKey);
  return (
    <section class="ido-card" aria-labelledby="inbox-unchecked-heading">
      <h2 class="utrecht-heading-2" id="inbox-unchecked-heading" ref={list.heading} tabIndex={-1}>Lang niet gecontroleerd</h2>
      <p class="utrecht-paragraph">
        {national ? 'Deze landelijke diensten' : 'Deze diensten'} zijn langer dan zes maanden niet gecontroleerd, of nog nooit.
        De oudste staan bovenaan. Klopt alles nog? Kies dan "Gecontroleerd vandaag". De tablets krijgen dit bij de volgende keer verbinden.
      </p>
      {list.error && <Alert type="error">{list.error}</Alert>}
      {list.notice && <Alert type="ok">{list.notice}</Alert>}
      {list.items === undefined && !list.error && <p class="utrecht-paragraph">Diensten worden geladen…</p>}
      {list.items?.length === 0 && <p class="utrecht-paragraph">Alle diensten zijn in het afgelopen halfjaar gecontroleerd.</p>}
      {list.items && list.items.length > 0 && (
        <ul class="ido-list">
          {list.items.map((service) => {
            const headingId = `inbox-service-${service.id}`;
            const name = service.name || 'Dienst zonder naam';
            return (
              <li class="ido-list__item" key={service.id}>
                <h3 class="utrecht-heading-3" id={headingId}>
                  {name}{service.organization?.name ? ` (${service.organization.name})` : ''}
                </h3>
                <p class="utrecht-paragraph">
                  {service.assuredDate ? `Laatst gecontroleerd op ${dayText(service.assuredDate)}.` : 'Nog nooit gecontroleerd.'}
                </p>
                <div class="ido-row">
                  <Button appearance="primary" disabled={list.busy === service.id} aria-describedby={headingId}
                    onClick={() => list.act(service.id, () => api.assure(service.id), `"${name}" is vandaag gecontroleerd.`)}>
                    Gecontroleerd vandaag
                  </Button>
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
