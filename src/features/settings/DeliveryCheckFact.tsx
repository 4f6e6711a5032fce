import '@utrecht/form-field-description-css/dist/index.css';
import { getSetting } from '../../db/settings';
import { useLiveQuery } from '../../db/use-live-query';
import { DELIVERY_CHECK_KEY } from '../../shared/delivery-check';
import { describeDeliveryCheck } from './delivery-check';

/** The settings page's line about the check (inside a `<dl>`). */
export function DeliveryCheckFact() {
  const lastAt = useLiveQuery((db) => getSetting<string | undefined>(db, DELIVERY_CHECK_KEY, undefined), [], undefined);
  return (
    <>
      <dt>Controle met de server</dt>
      <dd>
        {describeDeliveryCheck(lastAt)}
        <div class="utrecht-form-field-description">
          Elke dag vraagt de tablet of de server alle verstuurde registraties heeft. Ontbreekt er iets, dan stuurt de tablet het opnieuw.
        </div>
      </dd>
    </>
  );
}
