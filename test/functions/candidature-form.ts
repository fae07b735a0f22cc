// Builder for application-form submissions, with overrides (test data builder).
export const openOfferId = '0d3ee5dc-0000-0000-0000-000000000000';

export interface FormOverrides {
  [field: string]: string | string[] | Blob | undefined;
}

export function aCandidatureForm(overrides: FormOverrides = {}): FormData {
  const fields: FormOverrides = {
    idempotency_key: crypto.randomUUID(),
    started_at: String(Date.now() - 60_000),
    mode: 'candidate',
    first_name: 'Camille',
    last_name: 'Démo-Test',
    email: 'camille.demo@example.org',
    phone: '06 12 34 56 78',
    commune: 'Dieppe',
    eligibility: ['rsa', 'deld'],
    availability: 'Dès maintenant',
    mobility: ['driving_licence'],
    message: 'Je suis intéressée par ce poste.',
    notice_acknowledged: 'oui',
    website: '',
    ...overrides,
  };
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) value.forEach((v) => form.append(name, v));
    else if (value instanceof Blob) form.append(name, value, 'cv.pdf');
    else form.append(name, value);
  }
  return form;
}

export function post(form: FormData, json = true): Request {
  return new Request('http://localhost/api/candidatures', {
    method: 'POST',
    body: form,
    headers: json ? { accept: 'application/json', referer: 'http://localhost/offres/x/' } : { accept: 'text/html' },
  });
}

export const minimalPdf = new Blob([new TextEncoder().encode('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n')], { type: 'application/pdf' });
