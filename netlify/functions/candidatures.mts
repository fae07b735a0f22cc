// POST /api/candidatures: a job seeker or a prescriber applies (no account).
// Works for a plain HTML form (303 to the confirmation page, or a French error page) and for
// the form's script (JSON). Exactly once: the idempotency key of the form makes a replay
// return the same reference; the database writes the candidature, its log entry and the
// two e-mails to send in one transaction.
import type { Config } from '@netlify/functions';
import { createHash } from 'node:crypto';
import {
  MAX_CV_BYTES, RETURN_MARKER, answerPairs, answersOf, candidatureSchema, fieldErrors, filledTooFast, formToInput, looksLikePdf,
  type CandidatureInput,
} from '../../src/domain/candidature.ts';
import { errorResponse, fromDbError, type AppError } from '../../src/server/errors.ts';
import { htmlErrorPage, readBounded, wantsJson } from '../../src/server/http.ts';
import { anonClient, rpcArgs } from '../../src/server/supabase.ts';
import { storeCv } from '../../src/server/cv-storage.ts';
import { partnerClientFromRequest } from '../../src/server/session.ts';

/** The CV (5 MB) plus the form fields. */
const MAX_BODY_BYTES = MAX_CV_BYTES + 256 * 1024;

function fingerprint(input: CandidatureInput, cvHash: string | null): string {
  const { idempotency_key: _key, started_at: _started, website: _website, ...answers } = input;
  const canonical = JSON.stringify(Object.entries({ ...answers, cv: cvHash }).sort(([a], [b]) => a.localeCompare(b)));
  return createHash('sha256').update(canonical).digest('hex');
}

export default async (request: Request): Promise<Response> => {
  const json = wantsJson(request);
  const backHref = new URL(request.headers.get('referer') ?? '/offres/', request.url).pathname;
  // Once the body is read, a refusal carries the answers back to the form (no JavaScript).
  let answers: Array<[string, string]> = [];
  const fail = (error: AppError, fields?: Partial<Record<string, string>>): Response => {
    if (json) return errorResponse(error, fields);
    const messages = fields ? Object.values(fields).filter((m): m is string => Boolean(m)) : [error.message];
    const back = { href: backHref, fields: answers.length > 0 ? [[RETURN_MARKER, '1'] as [string, string], ...answers] : [] };
    return htmlErrorPage(error.status, 'Votre candidature n’a pas été envoyée', messages, back);
  };

  const type = request.headers.get('content-type') ?? '';
  if (!type.startsWith('multipart/form-data') && !type.startsWith('application/x-www-form-urlencoded')) {
    return fail({ status: 415, code: 'unsupported_media_type', message: 'Le formulaire doit être envoyé tel quel (multipart/form-data).' });
  }
  const body = await readBounded(request, MAX_BODY_BYTES);
  if (!body) {
    return fail({ status: 413, code: 'payload_too_large', field: 'cv', message: 'L’envoi est trop volumineux : le CV ne doit pas dépasser 5 Mo.' });
  }
  let form: FormData;
  try {
    form = await new Request(request.url, { method: 'POST', headers: { 'content-type': type }, body }).formData();
  } catch {
    return fail({ status: 400, code: 'malformed_form', message: 'Le formulaire reçu est illisible. Revenez au formulaire avec le bouton « Précédent » du navigateur (vos réponses y sont conservées) et renvoyez-le.' });
  }
  answers = answerPairs(answersOf(form));

  const parsed = candidatureSchema.safeParse(formToInput(form));
  if (!parsed.success) {
    const fields = fieldErrors(parsed.error);
    if (fields.website) {
      return fail({ status: 422, code: 'spam_suspected', message: 'Votre envoi a été bloqué par notre protection contre les robots. Si vous êtes une personne, contactez le facilitateur du territoire.' });
    }
    return fail({ status: 422, code: 'invalid_form', message: 'Certaines réponses sont à corriger.' }, fields);
  }
  const input = parsed.data;
  if (filledTooFast(input.started_at, Date.now())) {
    return fail({ status: 422, code: 'too_fast', message: 'Le formulaire a été envoyé trop vite. Patientez quelques secondes puis renvoyez-le.' });
  }

  let cvPath: string | null = null;
  let cvHash: string | null = null;
  const cv = form.get('cv');
  if (cv instanceof File && cv.size > 0) {
    if (cv.size > MAX_CV_BYTES) {
      return fail({ status: 413, code: 'cv_too_large', field: 'cv', message: 'Le CV ne doit pas dépasser 5 Mo.' }, { cv: 'Le CV ne doit pas dépasser 5 Mo.' });
    }
    const bytes = new Uint8Array(await cv.arrayBuffer());
    if (!looksLikePdf(bytes)) {
      return fail({ status: 415, code: 'cv_not_pdf', field: 'cv', message: 'Le CV doit être un fichier PDF.' }, { cv: 'Le CV doit être un fichier PDF.' });
    }
    cvHash = createHash('sha256').update(bytes).digest('hex');
    try {
      cvPath = await storeCv(bytes, input.idempotency_key);
    } catch {
      return fail({ status: 503, code: 'cv_storage_unavailable', message: 'Le CV n’a pas pu être enregistré. Réessayez dans quelques instants, ou envoyez votre candidature sans CV.' });
    }
  }

  // A prescriber or SIAE signed in to the partner space follows the candidature there: the
  // database links it to their organisation (app.link_candidature_prescriber). Anyone else applies anonymously.
  const db = input.mode === 'prescriber' ? (await partnerClientFromRequest(request)) ?? anonClient() : anonClient();
  const { data, error } = await db.rpc('submit_candidature', rpcArgs({
    p_idempotency_key: input.idempotency_key,
    p_payload_hash: fingerprint(input, cvHash),
    p_first_name: input.first_name,
    p_last_name: input.last_name,
    p_commune: input.commune,
    p_notice_acknowledged: input.notice_acknowledged,
    p_job_offer_id: input.job_offer_id,
    p_territory_slug: input.territory,
    p_email: input.email,
    p_phone: input.phone,
    p_eligibility: input.eligibility,
    p_availability: input.availability,
    p_mobility: input.mobility,
    p_message: input.message,
    p_cv_path: cvPath ?? undefined,
    p_submitted_by: input.mode,
    p_prescriber_organisation_name: input.prescriber_organisation,
    p_prescriber_name: input.prescriber_name,
    p_prescriber_email: input.prescriber_email,
  }));
  const row = data?.[0];
  if (error || !row) {
    const mapped = error ? fromDbError(error) : fromDbError({});
    return fail(mapped, mapped.field ? { [mapped.field]: mapped.message } : undefined);
  }
  if (json) {
    return Response.json({ reference: row.reference, replayed: row.replayed }, { status: row.replayed ? 200 : 201, headers: { 'cache-control': 'no-store' } });
  }
  return new Response(null, {
    status: 303,
    headers: { location: `/candidature-envoyee/?reference=${encodeURIComponent(row.reference ?? '')}`, 'cache-control': 'no-store' },
  });
};

export const config: Config = {
  path: '/api/candidatures',
  method: 'POST',
  region: 'fra',
  rateLimit: { windowLimit: 20, windowSize: 60, aggregateBy: ['ip', 'domain'] },
};
