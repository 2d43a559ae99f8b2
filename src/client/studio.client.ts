// Behaviour every studio page shares: focus the error summary after a failed submit, ask before destructive
// submits (forms marked data-confirm), and warn before leaving a form with unsaved changes (data-guard-changes).

const summary = document.querySelector<HTMLElement>('.error-summary');
if (summary) summary.focus();

for (const form of document.querySelectorAll<HTMLFormElement>('form[data-confirm]')) {
  form.addEventListener('submit', (event) => {
    if (!window.confirm(form.dataset.confirm ?? 'Are you sure?')) event.preventDefault();
  });
}

let unsaved = false;
for (const form of document.querySelectorAll<HTMLFormElement>('form[data-guard-changes]')) {
  form.addEventListener('input', () => {
    unsaved = true;
  });
  form.addEventListener('submit', () => {
    unsaved = false;
  });
}
window.addEventListener('beforeunload', (event) => {
  if (unsaved) event.preventDefault();
});
