import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { Alert } from '../ui/Alert';

/**
 * A page whose code loads only when someone opens it (the dashboard and its chart library, the
 * sociale kaart): not in the shell's first load. The service worker precaches the chunks, so
 * they open offline too.
 */
export function lazyPage<P extends object>(load: () => Promise<ComponentType<P>>, what: string): ComponentType<P> {
  let loaded: ComponentType<P> | undefined;
  return function LazyPage(props: P) {
    const [Page, setPage] = useState<ComponentType<P> | undefined>(() => loaded);
    const [failed, setFailed] = useState(false);
    useEffect(() => {
      if (!Page) load().then((component) => { loaded = component; setPage(() => component); }, () => setFailed(true));
    }, []);
    if (failed) return <Alert type="error">{`${what} kon niet laden. Laad de pagina opnieuw.`}</Alert>;
    return Page ? <Page {...props} /> : <p class="utrecht-paragraph">{`${what} wordt geladen…`}</p>;
  };
}
