import { Alert } from '../../ui/Alert';

/** A change's outcome: the server's message when it failed, what happened when it worked. */
export function Messages({ error, notice }: { error?: string; notice?: string }) {
  return (
    <>
      {error && <Alert type="error">{error}</Alert>}
      {notice && <Alert type="ok">{notice}</Alert>}
    </>
  );
}
