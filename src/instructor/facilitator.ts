import { mountAgenda } from './facilitator-agenda.ts';
import { mountRoom } from './facilitator-room.ts';
import type { FacilitatorData } from './facilitator-state.ts';

/**
 * The facilitator view's behaviour: pick the current lesson, time it, and
 * gather the room's results. State lives in this browser's localStorage, so a
 * reload (or a projector cable pulled out) loses nothing.
 */
export function mountFacilitator(root: HTMLElement): void {
  const data = JSON.parse(root.querySelector('[data-facilitator-data]')!.textContent!) as FacilitatorData;
  mountAgenda(root, data);
  mountRoom(root, data);
  root.dataset.ready = 'true';
}
