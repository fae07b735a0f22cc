// The month's review form of /espace/declarations/ (src/domain/partner-forms.ts): what the
// facilitator ticks and types becomes public.review_month's arguments; a refusal without its
// reason names the line; the message after the review counts the lines. The single-line buttons
// of the same form carry the line in their value.
import { describe, expect, it } from 'vitest';
import { monthReviewMessage, monthReviewSchema, reviewSchema } from '../../src/domain/partner-forms.ts';
import { fieldErrors } from '../../src/domain/form-errors.ts';

const lea = { id: '11111111-1111-4111-8111-111111111111', participant_name: 'Léa Martin', month: '2026-10-01' };
const sam = { id: '22222222-2222-4222-8222-222222222222', participant_name: 'Sam Petit', month: '2026-10-01' };
const held = { id: '33333333-3333-4333-8333-333333333333', participant_name: 'Noa Blanc', month: '2026-10-01' };
const market = '50000000-0000-0000-0000-000000000001';
const schema = monthReviewSchema([lea, sam, held]);
const form = (fields: Record<string, string>) => ({ market_id: market, month: '2026-10', ids: [lea.id, sam.id, held.id], ...fields });

describe('a month’s review', () => {
  it('validates every line but those refused, with their reason trimmed; a line on hold is left out', () => {
    const parsed = schema.parse(form({
      [`decision_${lea.id}`]: 'validate', [`reason_${lea.id}`]: '',
      [`decision_${sam.id}`]: 'reject', [`reason_${sam.id}`]: '  Contrat de 35 h ',
      [`decision_${held.id}`]: 'hold',
    }));
    expect(parsed).toEqual({ market_id: market, month: '2026-10-01', line_ids: [lea.id, sam.id], reject: [{ id: sam.id, reason: 'Contrat de 35 h' }] });
  });

  it('a line with no choice is validated', () => {
    expect(schema.parse(form({ [`decision_${held.id}`]: 'hold' })).line_ids).toEqual([lea.id, sam.id]);
  });

  it('a refusal without its reason names the line, on that line’s field', () => {
    const parsed = schema.safeParse(form({ [`decision_${sam.id}`]: 'reject', [`reason_${sam.id}`]: ' ' }));
    expect(parsed.success).toBe(false);
    expect(fieldErrors(parsed.error!)).toEqual({ [`reason_${sam.id}`]: 'Indiquez le motif du refus pour la ligne de Sam Petit, octobre 2026.' });
  });

  it('a reason typed on a line left « Valider » is asked about, not guessed', () => {
    const parsed = schema.safeParse(form({ [`reason_${lea.id}`]: 'Heures en double' }));
    expect(fieldErrors(parsed.error!)).toEqual({
      [`reason_${lea.id}`]: 'Vous avez indiqué un motif pour la ligne de Léa Martin, octobre 2026 : choisissez « Refuser », ou effacez le motif pour la valider.',
    });
  });

  it('nothing to do when every line is on hold', () => {
    const parsed = monthReviewSchema([held]).safeParse({ market_id: market, month: '2026-10', ids: [held.id], [`decision_${held.id}`]: 'hold' });
    expect(fieldErrors(parsed.error!)).toEqual({ ids: 'Aucune ligne à valider ou à refuser : les lignes en attente restent à traiter.' });
  });

  it('says how many lines were validated and refused, or that a retry found them done', () => {
    expect(monthReviewMessage({ validated: 12, rejected: 2, unchanged: 0 })).toBe('12 lignes validées, 2 refusées (motif envoyé à l’entreprise)');
    expect(monthReviewMessage({ validated: 1, rejected: 1, unchanged: 0 })).toBe('1 ligne validée, 1 refusée (motif envoyé à l’entreprise)');
    expect(monthReviewMessage({ validated: 3, rejected: 0, unchanged: 0 })).toBe('3 lignes validées');
    expect(monthReviewMessage({ validated: 0, rejected: 0, unchanged: 3 })).toBe('Rien de plus à faire : ces 3 lignes étaient déjà traitées.');
  });
});

describe('one line on its own', () => {
  it('takes the line from the button and the reason from that line’s field', () => {
    expect(reviewSchema.parse({ decision: `reject:${sam.id}`, [`reason_${sam.id}`]: ' Heures en double ', [`reason_${lea.id}`]: 'autre' }))
      .toEqual({ declaration_id: sam.id, decision: 'reject', reason: 'Heures en double' });
    expect(reviewSchema.parse({ decision: `validate:${lea.id}` })).toMatchObject({ declaration_id: lea.id, decision: 'validate' });
  });

  it('still takes the fields posted directly, and asks for a refusal’s reason', () => {
    expect(reviewSchema.parse({ declaration_id: lea.id, decision: 'validate' })).toMatchObject({ declaration_id: lea.id, decision: 'validate' });
    expect(fieldErrors(reviewSchema.safeParse({ decision: `reject:${lea.id}` }).error!)).toEqual({ reason: 'Indiquez le motif du refus.' });
  });
});
