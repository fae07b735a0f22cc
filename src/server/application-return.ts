// The answers of a refused application coming back to its form (the error page of
// /api/candidatures posts them to the form's page when the person has no JavaScript).
import {
  RETURN_MARKER, answersOf, candidatureSchema, fieldErrors, formToInput, type FieldErrors, type FormAnswers,
} from '../domain/candidature.ts';

export interface ReturnedApplication {
  answers: FormAnswers;
  /** The schema's errors on those answers, to show next to their fields. */
  errors: FieldErrors;
}

/** The answers posted back to a form page, or null for any other request. */
export async function returnedApplication(request: Request): Promise<ReturnedApplication | null> {
  if (request.method !== 'POST') return null;
  const form = await request.formData().catch(() => null);
  if (!form || form.get(RETURN_MARKER) !== '1') return null;
  const answers = answersOf(form);
  const parsed = candidatureSchema.safeParse({
    ...formToInput(form),
    // The form gets a fresh key and start time: only the person's answers are checked.
    idempotency_key: crypto.randomUUID(),
    started_at: String(Date.now()),
  });
  const errors = parsed.success ? {} : fieldErrors(parsed.error);
  return { answers, errors };
}
