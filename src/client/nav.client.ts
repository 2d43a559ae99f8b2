// Small-screen navigation: turns the always-visible navigation into a disclosure behind the menu button.
// Without this script the button stays hidden and the navigation stays reachable.
// Every public page also carries the visitor's list controls (shortlist.ts).
import './shortlist.js';
const button = document.querySelector<HTMLButtonElement>('.nav-toggle');
const nav = button ? document.getElementById(button.getAttribute('aria-controls') ?? '') : null;

if (button && nav) {
  const setOpen = (open: boolean): void => {
    button.setAttribute('aria-expanded', String(open));
  };
  setOpen(false);
  button.hidden = false;

  button.addEventListener('click', () => {
    setOpen(button.getAttribute('aria-expanded') !== 'true');
  });

  document.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape' || button.getAttribute('aria-expanded') !== 'true') return;
    const focusInside = nav.contains(document.activeElement) || document.activeElement === button;
    setOpen(false);
    if (focusInside) button.focus();
  });

  // Closing when focus leaves the header keeps the open menu from covering the page.
  nav.addEventListener('focusout', (event) => {
    const next = event.relatedTarget as Node | null;
    if (next && !nav.contains(next) && next !== button) setOpen(false);
  });
}
