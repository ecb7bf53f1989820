/**
 * Enter and Space activate a control exactly once, by clicking it, so that mouse and keyboard share
 * one code path (the control's click handler, or a click handler further up such as a table header's).
 *
 * A native <button> already does this in browsers, but not in the DOM stand-ins the component tests
 * run in. Handling the keys here makes the behaviour the same everywhere and testable; the default
 * action is cancelled (Chromium's activation on keypress/keyup, Firefox's on keyup) so that a real
 * browser does not click a second time. A held-down key does not repeat the click.
 *
 * Spread onto the element in a render function, `h('button', { ...activateOnEnterOrSpace, onClick })`,
 * or bind both handlers in a template: `@keydown="activateOnEnterOrSpace.onKeydown" @keyup="…onKeyup"`.
 */
export const activateOnEnterOrSpace = {
  onKeydown(event: KeyboardEvent): void {
    if (!isActivationKey(event)) return;
    event.preventDefault();
    if (!event.repeat) (event.currentTarget as HTMLElement).click();
  },
  onKeyup(event: KeyboardEvent): void {
    if (isActivationKey(event)) event.preventDefault();
  },
};

function isActivationKey(event: KeyboardEvent): boolean {
  return event.key === 'Enter' || event.key === ' ' || event.key === 'Spacebar';
}
