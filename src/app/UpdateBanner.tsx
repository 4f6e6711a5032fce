import { useState } from 'preact/hooks';
import { Alert } from '../ui/Alert';
import { Button } from '../ui/Button';
import { applyUpdate, useUpdateWaiting } from './update';

/** "Nieuwe versie beschikbaar": updates only on a tap, and never over unsaved input. */
export function UpdateBanner({ hasUnsavedInput }: { hasUnsavedInput: boolean }) {
  const waiting = useUpdateWaiting();
  const [blocked, setBlocked] = useState(false);
  if (!waiting) return null;
  return (
    <div class="ido-banner" id="update-banner">
      <Alert type="info">
        <Button appearance="primary" onClick={() => {
          if (hasUnsavedInput) setBlocked(true);
          else applyUpdate();
        }}>Nieuwe versie beschikbaar – bijwerken</Button>
        {blocked && hasUnsavedInput && (
          <span role="alert">Sla eerst de registratie op of maak het formulier leeg. Daarna kunt u bijwerken.</span>
        )}
      </Alert>
    </div>
  );
}
