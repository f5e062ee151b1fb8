// Pan and zoom for one pipeline drawing, through its SVG viewBox. It opens fitted to the panel (every node visible,
// however wide the pipeline) and refits when the panel resizes until the user moves it. The wheel, the buttons and
// + / − zoom; a drag or the arrow keys pan; 0 or "Fit" fits again. A drag never counts as a click on a node.
import { type Camera, fitted, panned, type Size, viewBox, zoomed } from './camera';

export interface PanZoom {
  zoomIn(): void;
  zoomOut(): void;
  fit(): void;
}

const STEP = 1.25;
const PAN_KEY_PX = 48;
/** A press that moves less than this is a click, not a drag. */
const DRAG_THRESHOLD_PX = 4;
const KEY_ACTIONS: Record<string, (z: PanZoom, pan: (dx: number, dy: number) => void) => void> = {
  '+': (z) => z.zoomIn(),
  '=': (z) => z.zoomIn(),
  '-': (z) => z.zoomOut(),
  _: (z) => z.zoomOut(),
  '0': (z) => z.fit(),
  ArrowLeft: (_z, pan) => pan(PAN_KEY_PX, 0),
  ArrowRight: (_z, pan) => pan(-PAN_KEY_PX, 0),
  ArrowUp: (_z, pan) => pan(0, PAN_KEY_PX),
  ArrowDown: (_z, pan) => pan(0, -PAN_KEY_PX),
};

export interface PanZoomOptions {
  /** The camera the user left on the previous drawing of the same pipeline: a refresh keeps it. */
  saved: Camera | undefined;
  /** Every camera the user chooses; undefined when they fit the drawing again. */
  onMove(camera: Camera | undefined): void;
  /** The scale after every redraw (user moves and panel resizes alike), for a read-out. */
  onShow(scale: number): void;
}

/** Wires pan and zoom to `svg`, whose drawing spans `content` units. */
export function attachPanZoom(svg: SVGSVGElement, content: Size, options: PanZoomOptions): PanZoom {
  let camera = options.saved;
  const viewport = (): Size => {
    const box = svg.getBoundingClientRect();
    return { width: box.width, height: box.height };
  };
  const show = () => {
    const size = viewport();
    // Not laid out yet, or the panel is hidden: keep the viewBox until the ResizeObserver reports a size.
    if (size.width === 0 || size.height === 0) return;
    const current = camera ?? fitted(content, size);
    svg.setAttribute('viewBox', viewBox(current, size));
    options.onShow(current.scale);
  };
  const move = (next: Camera | undefined) => {
    camera = next;
    options.onMove(camera);
    show();
  };
  const current = () => camera ?? fitted(content, viewport());
  const centre = () => ({ x: viewport().width / 2, y: viewport().height / 2 });
  const zoomBy = (factor: number, anchor = centre()) => move(zoomed(current(), factor, anchor, content, viewport()));
  const pan = (dx: number, dy: number) => move(panned(current(), dx, dy, content));
  const controls: PanZoom = { zoomIn: () => zoomBy(STEP), zoomOut: () => zoomBy(1 / STEP), fit: () => move(undefined) };

  svg.addEventListener(
    'wheel',
    (event) => {
      event.preventDefault();
      const box = svg.getBoundingClientRect();
      zoomBy(Math.exp(-event.deltaY * 0.002), { x: event.clientX - box.left, y: event.clientY - box.top });
    },
    { passive: false },
  );
  svg.addEventListener('keydown', (event) => {
    const action = KEY_ACTIONS[event.key];
    if (!action || event.ctrlKey || event.metaKey || event.altKey) return;
    event.preventDefault();
    action(controls, pan);
  });
  wireDrag(svg, pan);
  new ResizeObserver(show).observe(svg);
  show();
  return controls;
}

/** Pointer capture starts only once the press has moved, so a plain click still reaches the node under it. */
function wireDrag(svg: SVGSVGElement, pan: (dx: number, dy: number) => void): void {
  let press: { id: number; x: number; y: number; dragging: boolean } | undefined;
  svg.addEventListener('pointerdown', (event) => {
    if (event.button === 0) press = { id: event.pointerId, x: event.clientX, y: event.clientY, dragging: false };
  });
  svg.addEventListener('pointermove', (event) => {
    if (!press || event.pointerId !== press.id) return;
    const dx = event.clientX - press.x;
    const dy = event.clientY - press.y;
    if (!press.dragging && Math.hypot(dx, dy) < DRAG_THRESHOLD_PX) return;
    if (!press.dragging) {
      press.dragging = true;
      svg.setPointerCapture(event.pointerId);
      svg.classList.add('panning');
    }
    pan(dx, dy);
    press = { ...press, x: event.clientX, y: event.clientY };
  });
  const release = (event: PointerEvent) => {
    if (!press || event.pointerId !== press.id) return;
    if (press.dragging) {
      svg.classList.remove('panning');
      // The click that ends a drag (dispatched right after this pointerup) must not open the node under the pointer.
      const swallow = (click: Event) => click.stopPropagation();
      svg.addEventListener('click', swallow, { capture: true, once: true });
      setTimeout(() => svg.removeEventListener('click', swallow, { capture: true }), 0);
    }
    press = undefined;
  };
  svg.addEventListener('pointerup', release);
  svg.addEventListener('pointercancel', release);
}
