import { useEffect, useRef, useState } from 'preact/hooks';
import { loadDb } from '../../db/load-db';
import { firstScreenReads } from '../../db/first-screen';
import { clearFormDraft, formDraftKey, keepFormDraft, restoreFormDraft } from '../../db/form-drafts';
import type { Draft } from './draft';
import { loadFormChecks } from './form-checks';

/** This tab's name for its kept draft: it survives a reload of the tab (sessionStorage), not a new tab. */
export function tabId(): string {
  try {
    let id = sessionStorage.getItem('ido-tab');
    if (!id) {
      id = crypto.randomUUID();
      sessionStorage.setItem('ido-tab', id);
    }
    return id;
  } catch {
    return 'tab';
  }
}

// One write at a time, the newest state wins: a burst of taps costs at most two writes.
let latest: (() => Promise<void>) | undefined;
let writing = false;
async function write(op: () => Promise<void>): Promise<void> {
  latest = op;
  if (writing) return;
  writing = true;
  while (latest) {
    const next = latest;
    latest = undefined;
    // A full or closed storage must not break the form: the draft is a convenience, the save reports it.
    await next().catch((error) => console.warn('formulier niet bewaard', error));
  }
  writing = false;
}

/**
 * Keeps the form's draft in IndexedDB while it holds input, and brings it back after a reload:
 * restored once when the form has started, written on every change, cleared when the form is
 * clean again (saved, emptied) or left. Returns whether the restore is done (show the form only then).
 */
export function useKeptDraft(slot: string, draft: Draft | undefined, pristine: Draft | undefined, dirty: boolean, restore: (draft: Draft, pristine: Draft) => void): boolean {
  const tab = useRef(tabId()).current;
  // Nothing kept for this tab, as the first screen's reads (db/first-screen.ts) found: the form shows at once.
  const [noneKept] = useState(() => firstScreenReads()?.settings.has(formDraftKey(tab)) === false);
  const restored = useRef(noneKept);
  /** Whether a kept draft may be stored for this tab: only then does a clean form clear it. */
  const stored = useRef(!noneKept);
  // The form is shown only once the kept draft is back (or known to be absent): a restore that arrived
  // after the first taps would replace what the person had just put in.
  const [ready, setReady] = useState(noneKept);
  const started = draft !== undefined;
  // Read at once, beside the form's other first reads, but applied only once the form has started
  // (so the fresh or edited draft it starts with cannot overwrite what comes back).
  const kept = useRef<ReturnType<typeof restoreFormDraft<Draft>>>();
  kept.current ??= noneKept ? Promise.resolve(undefined) : loadDb().then(({ db }) => restoreFormDraft<Draft>(db, tab, slot));

  useEffect(() => {
    if (!started) return;
    void kept.current!
      .then((kept) => kept && restore(kept.draft, kept.pristine))
      .catch((error) => console.warn('formulier niet teruggezet', error))
      .finally(() => {
        restored.current = true;
        setReady(true);
      });
  }, [started]);

  useEffect(() => {
    if (!restored.current || !draft || !pristine) return;
    if (!dirty && !stored.current) return; // nothing kept to clear
    stored.current = dirty;
    // The personal-data guard (keepable-draft.ts) decides what may be written: its chunk comes before the first write.
    void write(dirty ? async () => keepFormDraft((await loadDb()).db, tab, slot, (await loadFormChecks()).keepableDraft(draft), pristine) : async () => clearFormDraft((await loadDb()).db, tab));
  }, [draft, pristine, dirty]);

  useEffect(() => () => void write(async () => clearFormDraft((await loadDb()).db, tab)), []);
  return ready;
}
