/**
 * Puts the focus on the main region's heading (h1) once it is drawn, so a screen reader says where staff are now, as long
 * as the focus is still where it was (`from`, or fallen to the body because `from` is gone): a page or staff that chose a
 * place first keep it. Returns what stops the wait (the page changed again first).
 */
export function focusMainHeading(from: Element | null): () => void {
  const main = document.getElementById('main');
  if (!main) return () => undefined;
  const stillThere = () => document.activeElement === from || document.activeElement === document.body || document.activeElement === null;
  const focusHeading = (): boolean => {
    if (!stillThere()) return true; // the page, or staff, chose a place already
    const heading = main.querySelector<HTMLElement>('h1');
    if (!heading) return false;
    heading.tabIndex = -1;
    heading.focus();
    return true;
  };
  if (focusHeading()) return () => undefined;
  const observer = new MutationObserver(() => { if (focusHeading()) observer.disconnect(); });
  observer.observe(main, { childList: true, subtree: true });
  return () => observer.disconnect();
}
