// French e-mails written from the outbox. Pure: the worker passes the payload stored with the
// outbox row. No personal data beyond what the recipient already knows.

import { formatMonth, ofName } from './format.ts';

export interface Mail {
  subject: string;
  text: string;
}

type Payload = Record<string, unknown>;

const str = (payload: Payload, key: string): string => {
  const value = payload[key];
  return typeof value === 'string' ? value : '';
};

/** « octobre 2026 » from « 2026-10 »; the text itself when it is not a month. */
function monthLabel(month: string): string {
  return /^\d{4}-\d{2}$/.test(month) ? formatMonth(`${month}-01`) : month;
}

export function renderMail(template: string, payload: Payload): Mail {
  const reference = str(payload, 'reference');
  const territory = str(payload, 'territory');
  const offer = str(payload, 'offer');
  switch (template) {
    case 'candidature_acknowledgement':
      return {
        subject: `Candidature reçue — référence ${reference}`,
        text: [
          'Bonjour,',
          '',
          str(payload, 'submitted_by') === 'prescriber'
            ? `Nous avons bien reçu la candidature que vous avez envoyée${offer ? ` pour l’offre « ${offer} »` : ''}.`
            : `Nous avons bien reçu votre candidature${offer ? ` pour l’offre « ${offer} »` : ''}.`,
          `Sa référence est ${reference}. Le facilitateur des clauses sociales ${ofName(territory)} l’étudie et vous recontactera.`,
          ...(str(payload, 'withdraw_url')
            ? ['', 'Si vous ne souhaitez plus donner suite, vous pouvez retirer cette candidature à tout moment :', str(payload, 'withdraw_url')]
            : []),
          '',
          'Ce message est envoyé automatiquement : merci de ne pas y répondre.',
        ].join('\n'),
      };
    case 'candidature_expired': {
      const days = typeof payload.days === 'number' ? payload.days : null;
      return {
        subject: `Candidature ${reference} close, sans suite`,
        text: [
          'Bonjour,',
          '',
          str(payload, 'submitted_by') === 'prescriber'
            ? `La candidature ${reference} que vous avez envoyée${offer ? ` pour l’offre « ${offer} »` : ''} n’a pas reçu de décision${days ? ` en ${days} jours` : ''} : elle est close.`
            : `Votre candidature ${reference}${offer ? ` pour l’offre « ${offer} »` : ''} n’a pas reçu de décision${days ? ` en ${days} jours` : ''} : elle est close.`,
          `Vous pouvez postuler à d’autres offres ou contacter le facilitateur des clauses sociales ${ofName(territory)}.`,
          '',
          'Ce message est envoyé automatiquement : merci de ne pas y répondre.',
        ].join('\n'),
      };
    }
    case 'candidature_outcome': {
      // Hired or not retained, never why: the reason stays between the facilitator and the company.
      const hired = str(payload, 'outcome') === 'hired';
      const byPrescriber = str(payload, 'submitted_by') === 'prescriber';
      const forOffer = offer ? ` pour l’offre « ${offer} »` : '';
      return {
        subject: hired ? `Candidature ${reference} : recrutement confirmé` : `Candidature ${reference} : pas de suite pour cette offre`,
        text: [
          'Bonjour,',
          '',
          hired
            ? (byPrescriber
              ? `La candidature ${reference} que vous avez envoyée${forOffer} a abouti : la personne est recrutée. L’entreprise ou le facilitateur la contacte pour la suite.`
              : `Bonne nouvelle : votre candidature ${reference}${forOffer} a abouti, vous êtes recruté·e. L’entreprise ou le facilitateur vous contacte pour la suite.`)
            : (byPrescriber
              ? `La candidature ${reference} que vous avez envoyée${forOffer} n’a pas été retenue.`
              : `Votre candidature ${reference}${forOffer} n’a pas été retenue.`),
          ...(hired ? [] : [`Vous pouvez postuler à d’autres offres ou contacter le facilitateur des clauses sociales ${ofName(territory)}.`]),
          '',
          'Ce message est envoyé automatiquement : merci de ne pas y répondre.',
        ].join('\n'),
      };
    }
    case 'candidature_facilitator_notice':
      return {
        subject: `Nouvelle candidature ${reference}${offer ? ` — ${offer}` : ' (spontanée)'}`,
        text: [
          'Bonjour,',
          '',
          `Une nouvelle candidature (${reference}) est arrivée sur ${territory}${offer ? ` pour l’offre « ${offer} »` : ' en candidature spontanée'}.`,
          'Elle vous attend dans l’espace partenaires.',
        ].join('\n'),
      };
    case 'shortlist_to_company':
      return {
        subject: `Candidature transmise ${reference}${offer ? ` — ${offer}` : ''}`,
        text: [
          'Bonjour,',
          '',
          `Le facilitateur des clauses sociales ${ofName(territory)} vous transmet une candidature (${reference})${offer ? ` pour l’offre « ${offer} »` : ''}${str(payload, 'market') ? ` du marché « ${str(payload, 'market')} »` : ''}.`,
          'Consultez-la dans l’espace partenaires, rubrique Candidatures, et indiquez si vous recrutez la personne.',
          '',
          'Ce message est envoyé automatiquement : merci de ne pas y répondre.',
        ].join('\n'),
      };
    case 'candidature_company_decision': {
      const hired = str(payload, 'decision') === 'hired';
      return {
        subject: `${hired ? 'Recrutement' : 'Candidature non retenue'} — ${reference}${offer ? ` — ${offer}` : ''}`,
        text: [
          'Bonjour,',
          '',
          hired
            ? `L’entreprise a recruté la personne de la candidature ${reference}${offer ? ` (offre « ${offer} »)` : ''} : elle est affectée au marché${str(payload, 'market') ? ` « ${str(payload, 'market')} »` : ''}.`
            : `L’entreprise n’a pas retenu la candidature ${reference}${offer ? ` (offre « ${offer} »)` : ''} ; le motif est dans l’espace partenaires.`,
          'Le détail et l’historique sont dans l’espace partenaires, rubrique Candidatures.',
        ].join('\n'),
      };
    }
    case 'declaration_rejected':
      return {
        subject: `Heures refusées — ${str(payload, 'market')}, ${monthLabel(str(payload, 'month'))}`,
        text: [
          'Bonjour,',
          '',
          `Le facilitateur a refusé une ligne d’heures d’insertion du marché « ${str(payload, 'market')} » pour ${monthLabel(str(payload, 'month'))}.`,
          ...(str(payload, 'reason') ? [`Motif : ${str(payload, 'reason')}`] : []),
          'Corrigez-la dans l’espace partenaires (Déclarer un mois) puis transmettez-la à nouveau.',
          '',
          'Ce message est envoyé automatiquement : merci de ne pas y répondre.',
        ].join('\n'),
      };
    case 'declaration_reminder':
      return {
        subject: `Rappel : heures d’insertion ${ofName(monthLabel(str(payload, 'month')))} à déclarer`,
        text: [
          'Bonjour,',
          '',
          `Aucune heure d’insertion n’a encore été déclarée pour ${monthLabel(str(payload, 'month'))} sur le marché « ${str(payload, 'market')} » (${territory}).`,
          'Déclarez-les dans l’espace partenaires (Déclarer un mois) ; si personne n’a travaillé sur la clause ce mois-là, indiquez-le au facilitateur.',
          '',
          'Ce message est envoyé automatiquement : merci de ne pas y répondre.',
        ].join('\n'),
      };
    default:
      return { subject: 'Message de la plateforme des clauses sociales', text: JSON.stringify(payload) };
  }
}
