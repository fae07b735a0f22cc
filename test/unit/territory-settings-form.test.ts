// The territory settings form (src/domain/partner-forms.ts, territorySettingsSchema): what the
// facilitator types becomes the arguments of public.update_territory_settings, and every refusal
// is a French message attached to its field.
import { describe, expect, it } from 'vitest';
import { shareAsPercent, territorySettingsSchema } from '../../src/domain/partner-forms.ts';
import { fieldErrors } from '../../src/domain/form-errors.ts';
import { territories } from '../support/seed.ts';

/** A valid post of the form (Dieppe-Maritime's demo values), with overrides. */
function aSettingsForm(overrides: Record<string, string | undefined> = {}): Record<string, string> {
  const form: Record<string, string | undefined> = {
    territory_id: territories.dieppe,
    description: 'Service de facilitation de la clause sociale.',
    facilitator_contact_name: 'Facilitatrice (démo)',
    facilitator_contact_email: 'facilitation.dieppe@demo.test',
    facilitator_contact_phone: '',
    logo_url: '',
    color_primary: '#0b5563',
    color_accent: '#a3361b',
    disclosure_threshold: '11',
    company_min_count: '3',
    company_max_share: '85',
    candidature_expiry_days: '90',
    parcours_max_months: '24',
    subcontracting_labour_share: '50',
    subcontracting_hourly_cost: '30',
    cdi_counted_months: '12',
    retention_candidate_months: '24',
    retention_participant_months: '24',
    retention_log_months: '12',
    ...overrides,
  };
  return Object.fromEntries(Object.entries(form).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

function errorsOf(form: Record<string, string>) {
  const parsed = territorySettingsSchema.safeParse(form);
  return parsed.success ? {} : fieldErrors(parsed.error);
}

describe('territory settings form', () => {
  it('turns typed values into the function’s arguments: percentages as shares, French decimals, ticked boxes', () => {
    const parsed = territorySettingsSchema.parse(aSettingsForm({
      facilitator_contact_email: ' Clauses@Dieppe.TEST ', facilitator_contact_phone: '02 35 06 00 00', color_primary: '#0B5563',
      company_max_share: '80', subcontracting_labour_share: '72,5', subcontracting_hourly_cost: '31,5', cdi_counted_months: '6',
      residence_required: 'on',
    }));
    expect(parsed).toMatchObject({
      facilitator_contact_email: 'clauses@dieppe.test', facilitator_contact_phone: '02 35 06 00 00', color_primary: '#0b5563',
      company_max_share: 0.8, subcontracting_labour_share: 0.725, subcontracting_hourly_cost: 31.5, cdi_counted_months: 6,
      disclosure_threshold: 11, residence_required: true, qpv_priority: false, logo_url: '',
    });
  });

  it('shows a stored share as the percentage typed, without floating-point noise', () => {
    expect(shareAsPercent(0.57)).toBe('57');
    expect(shareAsPercent(0.725)).toBe('72,5');
    expect(shareAsPercent(0.85)).toBe('85');
    expect(territorySettingsSchema.parse(aSettingsForm({ company_max_share: shareAsPercent(0.57) })).company_max_share).toBe(0.57);
  });

  it.each([
    ['disclosure_threshold', '5', 'Le seuil K ne peut pas être inférieur à 11 personnes (règle de secret statistique de l’Insee) : vous pouvez le relever, pas l’abaisser.'],
    ['disclosure_threshold', '12,5', 'Seuil K : un nombre entier de personnes, de 11 à 1 000.'],
    ['company_min_count', '2', 'Un chiffre publié sur des entreprises doit en regrouper au moins 3 : vous pouvez relever ce nombre, pas l’abaisser.'],
    ['company_max_share', '90', 'Une seule entreprise ne peut pas peser plus de 85 % d’un chiffre publié : vous pouvez abaisser cette part, pas la relever.'],
    ['company_max_share', '0', 'Part maximale d’une entreprise : un pourcentage de 1 à 85.'],
    ['subcontracting_labour_share', '120', 'Part de main-d’œuvre : un pourcentage de 1 à 100.'],
    ['subcontracting_hourly_cost', 'trente', 'Coût horaire : un montant en euros de 1 à 1 000 (par exemple 30 ou 31,50).'],
    ['subcontracting_hourly_cost', '0', 'Coût horaire : un montant en euros de 1 à 1 000 (par exemple 30 ou 31,50).'],
    ['cdi_counted_months', '18', 'Choisissez 6, 12 ou 24 mois.'],
    ['candidature_expiry_days', '0', 'Délai d’expiration : un nombre entier de jours, de 1 à 730.'],
    ['parcours_max_months', '', 'Durée du parcours : un nombre entier de mois, de 1 à 60.'],
    ['retention_candidate_months', '36', 'Candidatures non retenues : de 1 à 24 mois (2 ans au plus après le dernier contact).'],
    ['retention_participant_months', '61', 'Participants : de 1 à 60 mois après la fin du parcours.'],
    ['retention_log_months', '3', 'Journal des modifications : de 6 à 12 mois.'],
    ['retention_log_months', '13', 'Journal des modifications : de 6 à 12 mois.'],
    ['color_primary', '#12345', 'Indiquez la couleur au format #rrggbb (par exemple #0b5563), ou laissez le champ vide.'],
    ['color_accent', 'orange', 'Indiquez la couleur au format #rrggbb (par exemple #a3361b), ou laissez le champ vide.'],
    ['facilitator_contact_email', 'pas-une-adresse', 'Indiquez une adresse e-mail valide (par exemple clauses@territoire.fr), ou laissez le champ vide.'],
    ['facilitator_contact_phone', 'appelez-nous', 'Indiquez un numéro de téléphone (chiffres, espaces, points, tirets, + ; 6 à 15 chiffres), ou laissez le champ vide.'],
    ['facilitator_contact_phone', '12 34', 'Indiquez un numéro de téléphone (chiffres, espaces, points, tirets, + ; 6 à 15 chiffres), ou laissez le champ vide.'],
    ['logo_url', 'http://exemple.fr/logo.png', 'Indiquez l’adresse du logo : elle commence par https:// (ou par / pour une image du site), sans espace.'],
    ['logo_url', '//exemple.fr/logo.png', 'Indiquez l’adresse du logo : elle commence par https:// (ou par / pour une image du site), sans espace.'],
    ['facilitator_contact_name', 'x'.repeat(121), 'Le nom du contact est trop long (120 caractères au plus).'],
  ])('refuses %s = %j with its French message on the field', (field, value, message) => {
    expect(errorsOf(aSettingsForm({ [field]: value }))).toEqual({ [field]: message });
  });

  it('accepts the bounds and stricter publication rules', () => {
    for (const overrides of [
      { disclosure_threshold: '11' }, { disclosure_threshold: '20' }, { company_min_count: '5' }, { company_max_share: '50' },
      { retention_log_months: '6' }, { retention_candidate_months: '1' }, { logo_url: 'https://exemple.fr/logo.svg' }, { logo_url: '/logo.svg' },
      { facilitator_contact_phone: '+33 (0)2 35 06 00 00' }, { color_primary: '', color_accent: '' },
    ]) expect(errorsOf(aSettingsForm(overrides)), JSON.stringify(overrides)).toEqual({});
  });

  it('refuses a form without its territory', () => {
    expect(errorsOf(aSettingsForm({ territory_id: 'dieppe' }))).toEqual({ territory_id: 'Territoire inconnu.' });
  });
});
