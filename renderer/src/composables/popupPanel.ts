import { nextTick, ref, useId, watch, type Ref } from 'vue';

/**
 * Keyboard and focus behaviour for a small dialog opened from a button, drawn by a naive-ui NPopover:
 * bind `open` to the popover's `show` and `setOpen` to its `on-update:show`; give the button the id
 * `triggerId` (with aria-haspopup="dialog", aria-expanded and aria-controls), and the element that wraps
 * the popover's content the id `panelId`, role="dialog", a name, and `onPanelKeydown`.
 *
 * Why by hand: NPopover teleports its content to the end of the page, so Tab from the button never
 * reaches it, and its public props have no focus trap or Escape handling (only an `internalTrapFocus`,
 * which is not part of its API and relies on focus sentinels the component tests cannot drive).
 *
 * - Opening (by Enter, Space or a click) moves focus to the first control in the panel.
 * - Tab and Shift+Tab go through the panel's controls and wrap around, as in a dialog.
 * - Escape closes the panel and puts focus back on the button.
 * - Closing any other way (a click outside, the button again) puts focus back on the button only if
 *   it was in the panel or nowhere, so a click on another control keeps focus where the user put it.
 */
export interface PopupPanel {
  open: Readonly<Ref<boolean>>;
  panelId: string;
  triggerId: string;
  setOpen(value: boolean): void;
  onPanelKeydown(event: KeyboardEvent): void;
}

const focusableSelector = 'button:not([disabled]), input:not([disabled]):not([type=hidden]), select:not([disabled]), textarea:not([disabled]), a[href], [tabindex]:not([tabindex="-1"])';

export function usePopupPanel(): PopupPanel {
  const open = ref(false);
  const panelId = useId();
  const triggerId = useId();

  const panel = (): HTMLElement | null => document.getElementById(panelId);
  const focusables = (): HTMLElement[] =>
    [...(panel()?.querySelectorAll<HTMLElement>(focusableSelector) ?? [])].filter((element) => !element.closest('[aria-disabled=true]'));
  const focusTrigger = (): void => document.getElementById(triggerId)?.focus();

  watch(open, async (isOpen) => {
    if (!isOpen) return;
    // The popover renders its content on the next update; focus it once it is in the document.
    await nextTick();
    focusables()[0]?.focus();
  });

  function setOpen(value: boolean): void {
    if (value === open.value) return;
    if (!value) {
      const active = document.activeElement;
      const focusWasInPanel = active === null || active === document.body || (panel()?.contains(active) ?? false);
      open.value = false;
      if (focusWasInPanel) focusTrigger();
      return;
    }
    open.value = true;
  }

  function onPanelKeydown(event: KeyboardEvent): void {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      open.value = false;
      focusTrigger();
      return;
    }
    if (event.key !== 'Tab') return;
    const controls = focusables();
    if (controls.length === 0) return;
    // Move focus ourselves rather than leave it to the browser: the panel sits at the end of the page,
    // so the browser's next stop after its last control would be the address bar, not the panel.
    event.preventDefault();
    const current = controls.indexOf(document.activeElement as HTMLElement);
    const step = event.shiftKey ? -1 : 1;
    const next = current === -1 ? (event.shiftKey ? controls.length - 1 : 0) : (current + step + controls.length) % controls.length;
    controls[next].focus();
  }

  return { open, panelId, triggerId, setOpen, onPanelKeydown };
}
