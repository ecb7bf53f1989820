/**
 * The DOM stand-in lays nothing out, so a virtual list would see a 0 px viewport and draw no rows:
 * this gives every observed element a 1200 × 600 px box, as a window would.
 *
 * Import it before anything that imports naive-ui (its resize observer is made when first used, from
 * the global at that time); an import is evaluated in the order the imports are written.
 */
class FixedSizeResizeObserver {
  constructor(private readonly callback: (entries: unknown[], observer: unknown) => void) {}
  observe(target: Element): void {
    queueMicrotask(() => this.callback([{ target, contentRect: { width: 1200, height: 600 } }], this));
  }
  unobserve(): void {}
  disconnect(): void {}
}

(window as unknown as { ResizeObserver: unknown }).ResizeObserver = FixedSizeResizeObserver;
