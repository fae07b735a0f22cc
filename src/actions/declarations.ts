// The forms of declared hours. The company's month for one market (/espace/declarer/): every
// line saved, and the month optionally submitted, in one transaction
// (public.save_month_declaration; with no line, public.submit_hour_declarations submits what is
// saved). The same month imported from a spreadsheet (.xlsx or CSV) (/espace/declarer/import/): all or nothing, the
// file's errors listed line by line. The facilitator's review (/espace/declarations/): a whole
// month of a market at once, the lines to refuse picked out with their reasons, in one
// transaction (public.review_month); or one line, validated or rejected with a reason
// (public.review_hour_declaration). Both refuse a sub-contracting line whose amount the SIAE has
// not confirmed, and the hours of a person whose eligibility is not checked unless the territory
// allows it. There is one line per participant, market, month and mode, updated when
// saved again until it is validated (public.save_hour_declaration): a form posted twice adds no line.
import { ActionError, defineAction } from 'astro:actions';
import { z } from 'zod';
import {
  monthDeclarationSchema, monthLinesSchema, monthReviewSchema, monthReviewScopeSchema, reviewSchema,
} from '../domain/partner-forms.ts';
import { csvImportSchema, csvReportMessage } from '../domain/declaration-csv.ts';
import { formFailure } from '../server/action-errors.ts';
import { parseDeclarationFile } from '../server/xlsx.ts';
import { check, fail, formAction } from './form.ts';

const declared = (marketId: string, month: string, submit: boolean) => {
  const ok = submit ? 'transmis' : 'brouillon';
  return { ok, to: `/espace/declarer/?marche=${marketId}&mois=${month.slice(0, 7)}&ok=${ok}` };
};

/** The facilitator's list, with the filter it was showing. */
const listAddress = (url: URL): string => `/espace/declarations/?statut=${encodeURIComponent(url.searchParams.get('statut') ?? 'submitted')}`;

/** public.review_month's counts (JSON). */
const reviewCounts = (data: unknown): { validated: number; rejected: number; unchanged: number } => {
  const counts = (typeof data === 'object' && data !== null ? data : {}) as Record<string, unknown>;
  const n = (key: string): number => (typeof counts[key] === 'number' ? counts[key] : 0);
  return { validated: n('validated'), rejected: n('rejected'), unchanged: n('unchanged') };
};

export const declarations = {
  saveMonth: formAction(monthDeclarationSchema, async ({ market_id, month, submit }, { db }, context) => {
    // The lines are those of the market's participants; a sub-contracted one names an SIAE of its territory.
    const [people, siae] = await Promise.all([
      db.rpc('market_participants', { p_market_id: market_id }),
      db.rpc('list_market_siae', { p_market_id: market_id }),
    ]);
    const parsed = monthLinesSchema((people.data ?? []).map((p) => p.id), (siae.data ?? []).map((o) => o.id))
      .safeParse(context.locals.form?.values ?? {});
    if (!parsed.success) fail(context, parsed.error);
    const lines = parsed.data;
    check(context, lines.length > 0
      ? await db.rpc('save_month_declaration', { p_market_id: market_id, p_month: month, p_lines: lines, p_submit: submit })
      : await db.rpc('submit_hour_declarations', { p_market_id: market_id, p_month: month }));
    return declared(market_id, month, submit);
  }),

  // A form with a file: formAction keeps only text fields, so this action reads the file itself,
  // and otherwise runs as formAction does (the typed values in locals.form, one rule for errors).
  importCsv: defineAction({
    accept: 'form',
    input: z.instanceof(FormData),
    handler: async (form, context) => {
      const values: Record<string, string> = {};
      for (const [key, value] of form) if (typeof value === 'string') values[key] ??= value;
      context.locals.form = { values, lists: {}, fields: {} };
      const session = context.locals.session;
      if (!session) throw new ActionError({ code: 'UNAUTHORIZED', message: 'Connectez-vous pour continuer.' });
      const input = csvImportSchema.safeParse({ ...values, fichier: form.get('fichier') ?? undefined });
      if (!input.success) fail(context, input.error);
      const { market_id, mois, fichier, transmettre } = input.data;
      const bytes = new Uint8Array(await fichier.arrayBuffer());
      const { db } = session;
      const [people, siae] = await Promise.all([
        db.rpc('market_participants', { p_market_id: market_id }),
        db.rpc('list_market_siae', { p_market_id: market_id }),
      ]);
      const parsed = await parseDeclarationFile(bytes, people.data ?? [], siae.data ?? []);
      if (!parsed.ok) {
        context.locals.csvReport = parsed.errors; // typed in ./locals.d.ts
        throw new ActionError({ code: 'UNPROCESSABLE_CONTENT', message: csvReportMessage(parsed.errors.length) });
      }
      const month = `${mois}-01`;
      const { error } = await db.rpc('save_month_declaration', {
        p_market_id: market_id, p_month: month, p_lines: parsed.lines.map(({ line: _line, ...rest }) => rest), p_submit: transmettre,
      });
      if (error) {
        // The database's message, after what the company must know first: nothing was saved.
        const failure = formFailure(error);
        throw new ActionError({ code: failure.code, message: `Aucune ligne n’a été enregistrée : ${failure.message}` });
      }
      return declared(market_id, month, transmettre);
    },
  }),

  review: formAction(reviewSchema, async (d, { db }, context) => {
    check(context, await db.rpc('review_hour_declaration', {
      p_declaration_id: d.declaration_id, p_decision: d.decision, ...(d.reason ? { p_reason: d.reason } : {}),
    }));
    // The list the facilitator was reading (its filter is in the address the form posted to),
    // with the line reviewed, which the message names.
    return { ok: d.decision, to: `${listAddress(context.url)}&ok=${d.decision}&ligne=${d.declaration_id}` };
  }),

  // One month of one market: the lines the form showed, those marked « Refuser » with their
  // reasons. The lines' names come from the database, for the messages that name a line.
  reviewMonth: formAction(monthReviewScopeSchema, async ({ market_id, month }, { db }, context) => {
    const shown = await db.rpc('list_declarations', { p_status: 'submitted', p_market_id: market_id, p_month: month });
    const form = context.locals.form;
    const parsed = monthReviewSchema(shown.data ?? []).safeParse({ ...form?.values, ...form?.lists });
    if (!parsed.success) fail(context, parsed.error);
    const { data, error } = await db.rpc('review_month', {
      p_market_id: market_id, p_month: month, p_line_ids: parsed.data.line_ids, p_reject: parsed.data.reject,
    });
    if (error) fail(context, error);
    const counts = reviewCounts(data);
    return { ok: 'mois', to: `${listAddress(context.url)}&ok=mois&valides=${counts.validated}&refuses=${counts.rejected}&deja=${counts.unchanged}` };
  }, { lists: ['ids'] }),
};
