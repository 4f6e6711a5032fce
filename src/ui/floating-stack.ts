import { useLayoutEffect, useRef } from 'preact/hooks';

/**
 * The layers that float over the page at the bottom (layout.css: the app's banners, `.ido-toasts`, and a page's own
 * notes, `.ido-page-toasts`) share one stack, in the order they came: what is shown keeps its place, and a layer that
 * comes stands above the ones shown. The banners stood under the notes always, so a banner that came under a note
 * already shown pushed it up under the finger. Each layer's height above the bottom place is `--ido-float-offset` on it.
 */
interface Layer { element: HTMLElement; offset: number; shown: boolean }

const layers = new Set<Layer>();

const top = (layer: Layer) => layer.offset + layer.element.offsetHeight + (parseFloat(getComputedStyle(layer.element).rowGap) || 0);

function place(changed?: Layer): void {
  if (changed) {
    const shown = changed.element.childElementCount > 0;
    // Newly shown: above every layer shown now. Gone: its place is free for the next one that comes.
    if (shown && !changed.shown) changed.offset = Math.max(0, ...[...layers].filter((layer) => layer !== changed && layer.shown).map(top));
    changed.shown = shown;
  }
  // A shown layer that grows (a second note) would cover the one above it: that one goes up, never down.
  let floor = 0;
  for (const layer of [...layers].filter((one) => one.shown).sort((a, b) => a.offset - b.offset)) {
    layer.offset = Math.max(layer.offset, floor);
    floor = top(layer);
  }
  for (const layer of layers) layer.element.style.setProperty('--ido-float-offset', `${layer.shown ? layer.offset : 0}px`);
}

/**
 * Makes the element it is given (by `ref`) one layer of the stack. A change of its items is placed before the next
 * frame (a MutationObserver answers before any frame), so no frame shows a layer elsewhere than where it stays.
 */
export function useFloatingLayer<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element || typeof MutationObserver === 'undefined') return;
    const layer: Layer = { element, offset: 0, shown: false };
    layers.add(layer);
    place(layer);
    const items = new MutationObserver(() => place(layer));
    items.observe(element, { childList: true });
    const size = typeof ResizeObserver === 'undefined' ? undefined : new ResizeObserver(() => place());
    size?.observe(element);
    return () => {
      items.disconnect();
      size?.disconnect();
      layers.delete(layer);
      place();
    };
  }, []);
  return ref;
}
