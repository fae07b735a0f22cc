// Progressive enhancement of the application form: the same zod schema as the function gives
// French errors next to their field; the submission is sent with fetch, without reload.
import './zod-jitless.ts';
import { candidatureSchema, fieldErrors, formToInput, type FieldErrors } from '../../domain/candidature.ts';

function showErrors(form: HTMLFormElement, errors: FieldErrors): void {
  const summary = form.querySelector<HTMLElement>('[data-error-summary]');
  const list = summary?.querySelector('ul');
  form.querySelectorAll<HTMLElement>('.field-error').forEach((p) => { p.hidden = true; p.textContent = ''; });
  form.querySelectorAll('[aria-invalid]').forEach((el) => el.removeAttribute('aria-invalid'));
  if (!summary || !list) return;
  list.replaceChildren();
  for (const [field, message] of Object.entries(errors)) {
    if (!message) continue;
    const holder = form.querySelector<HTMLElement>(`#${CSS.escape(field)}-error`);
    const input = form.querySelector<HTMLElement>(`#${CSS.escape(field)}`);
    if (holder) { holder.textContent = message; holder.hidden = false; }
    input?.setAttribute('aria-invalid', 'true');
    const item = document.createElement('li');
    if (input) {
      const link = document.createElement('a');
      link.href = `#${field}`;
      link.textContent = message;
      item.append(link);
    } else {
      item.textContent = message;
    }
    list.append(item);
  }
  summary.hidden = list.children.length === 0;
  if (!summary.hidden) summary.focus();
}

export function enhanceApplicationForm(form: HTMLFormElement): void {
  // Until this runs, the form posts as plain HTML (its errors come back on the error page).
  form.dataset.enhanced = 'true';
  const prescriberFields = form.querySelector<HTMLElement>('[data-prescriber-fields]');
  const syncMode = () => {
    const mode = new FormData(form).get('mode');
    if (prescriberFields) prescriberFields.hidden = mode !== 'prescriber';
  };
  form.querySelectorAll('input[name="mode"]').forEach((radio) => radio.addEventListener('change', syncMode));
  syncMode();

  let sending = false;
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (sending) return;
    const data = new FormData(form);
    const parsed = candidatureSchema.safeParse(formToInput(data));
    if (!parsed.success) {
      const errors = fieldErrors(parsed.error);
      delete errors.started_at;
      if (Object.keys(errors).length > 0) { showErrors(form, errors); return; }
    }
    sending = true;
    const button = form.querySelector<HTMLButtonElement>('button[type="submit"]');
    if (button) { button.disabled = true; button.textContent = 'Envoi en cours…'; }
    void fetch(form.action, { method: 'POST', body: data, headers: { accept: 'application/json' } })
      .then(async (response) => {
        const body = await response.json() as { reference?: string; error?: { message: string; field?: string }; fields?: FieldErrors };
        if (response.ok && body.reference) {
          window.location.assign(`/candidature-envoyee/?reference=${encodeURIComponent(body.reference)}`);
          return;
        }
        showErrors(form, body.fields ?? { [body.error?.field ?? 'form']: body.error?.message ?? 'L’envoi a échoué.' });
      })
      .catch(() => showErrors(form, { form: 'L’envoi a échoué (connexion interrompue). Votre candidature n’a pas été perdue si elle était partie : renvoyez le formulaire, elle ne sera pas enregistrée deux fois.' }))
      .finally(() => {
        sending = false;
        if (button) { button.disabled = false; button.textContent = 'Envoyer la candidature'; }
      });
  });
}
