import { useEffect, useState } from 'preact/hooks';
import { Alert } from '../ui/Alert';

type DashboardModule = typeof import('../features/reports/dashboard/Dashboard');

/** Loads the dashboard (and its chart library) only when someone opens it: not in the shell's first load. */
export function LazyDashboard(props: { query: string; onQueryChange: (query: string) => void }) {
  const [module, setModule] = useState<DashboardModule | undefined>(undefined);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    import('../features/reports/dashboard/Dashboard').then(setModule, () => setFailed(true));
  }, []);
  if (failed) return <Alert type="error">Het dashboard kon niet laden. Controleer de verbinding en probeer het opnieuw.</Alert>;
  return module ? <module.Dashboard {...props} /> : <p class="utrecht-paragraph">Het dashboard wordt geladen…</p>;
}
