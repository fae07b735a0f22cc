// The rows of the demo seed (supabase/seed.sql) that tests refer to, by name: the one place that
// copies the seed's ids. Fixed ids are the seed's own; generated rows get
// pg_temp.demo_uuid(label), reproduced by demoUuid().
import { createHash } from 'node:crypto';

/** The id supabase/seed.sql gives a generated row: md5('demo:' || label)::uuid. */
export function demoUuid(label: string): string {
  const hex = createHash('md5').update(`demo:${label}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** An id that names no row of any table. */
export const unknownId = '00000000-0000-0000-0000-000000000000';

export const territories = {
  dieppe: '10000000-0000-0000-0000-000000000001', // Dieppe-Maritime, slug dieppe-maritime
  alpes: '10000000-0000-0000-0000-000000000002', // Alpes Sud Isère, slug alpes-sud-isere
  calvados: '10000000-0000-0000-0000-000000000003', // Département du Calvados, slug calvados
} as const;

export const organisations = {
  serviceDieppe: '20000000-0000-0000-0000-000000000001', // the facilitation service of Dieppe-Maritime
  serviceAlpes: '20000000-0000-0000-0000-000000000002',
  serviceCalvados: '20000000-0000-0000-0000-000000000003',
  buyerEpr2: '20000000-0000-0000-0000-000000000011', // project owner of EPR2 Penly (Dieppe)
  buyerCoeurDeVille: '20000000-0000-0000-0000-000000000012', // the demo buyer account's organisation (Dieppe)
  buyerArques: '20000000-0000-0000-0000-000000000013', // Dieppe
  buyerOisans: '20000000-0000-0000-0000-000000000021', // Alpes Sud Isère
  buyerMatheysine: '20000000-0000-0000-0000-000000000022',
  buyerTrieves: '20000000-0000-0000-0000-000000000023',
  buyerEdfHydro: '20000000-0000-0000-0000-000000000024',
  buyerCalvados: '20000000-0000-0000-0000-000000000031',
  siaeLittoral: '20000000-0000-0000-0000-000000000041', // the demo SIAE account's organisation (Dieppe)
  siaeInterim: '20000000-0000-0000-0000-000000000042', // another SIAE of Dieppe-Maritime
  siaeAlpes: '20000000-0000-0000-0000-000000000043', // an SIAE of Alpes Sud Isère
  missionLocale: '20000000-0000-0000-0000-000000000051', // the demo prescriber account's organisation (Dieppe)
  franceTravail: '20000000-0000-0000-0000-000000000052', // a prescriber of Alpes Sud Isère
  companyA: '20000000-0000-0000-0000-000000000061', // Bâtiment Normand (démo), entreprise@demo.test, EPR2 Penly lot 1
  companyB: '20000000-0000-0000-0000-000000000062', // Génie civil de la Côte (démo), entreprise2@demo.test, lot 2
  deployment: '20000000-0000-0000-0000-000000000090', // the deployment's administration, admin@demo.test
} as const;

/** The demo accounts, one per role (password: DEMO_PASSWORD). */
export const users = {
  facilitatorDieppe: '30000000-0000-0000-0000-000000000001', // facilitateur@demo.test
  facilitatorAlpes: '30000000-0000-0000-0000-000000000002', // facilitateur.alpes@demo.test
  facilitatorCalvados: '30000000-0000-0000-0000-000000000003', // facilitateur.calvados@demo.test
  companyA: '30000000-0000-0000-0000-000000000004', // entreprise@demo.test, member of organisations.companyA
  companyB: '30000000-0000-0000-0000-000000000005', // entreprise2@demo.test, member of organisations.companyB
  buyer: '30000000-0000-0000-0000-000000000006', // acheteur@demo.test, member of organisations.buyerCoeurDeVille
  siae: '30000000-0000-0000-0000-000000000007', // siae@demo.test, member of organisations.siaeLittoral
  prescriber: '30000000-0000-0000-0000-000000000008', // prescripteur@demo.test, member of organisations.missionLocale
  admin: '30000000-0000-0000-0000-000000000009', // admin@demo.test, deployment administrator (organisations.deployment)
} as const;

export const operations = {
  penly: '40000000-0000-0000-0000-000000000001', // Grand chantier EPR2 de Penly (Dieppe)
  coeurDeVille: '40000000-0000-0000-0000-000000000002',
  arques: '40000000-0000-0000-0000-000000000003',
} as const;

export const markets = {
  penlyLot1: '50000000-0000-0000-0000-000000000001', // company A's market, Dieppe-Maritime
  penlyLot2: '50000000-0000-0000-0000-000000000002', // company B's market, Dieppe-Maritime
  alpesEspacesNaturels: demoUuid('market:alpes:2'), // Alpes Sud Isère, has the published offer offers.alpes
  arquesLot1: demoUuid('market:dieppe:3:1'), // Arques-la-Bataille — lot 1 (démo): amounts stored, 2,300 h due computed
} as const;

/** The three published job offers. */
export const offers = {
  penlyLot1: demoUuid('offer:1'), // Maçon·ne coffreur·se, company A
  penlyLot2: demoUuid('offer:2'), // Aide électricien·ne, company B
  alpes: demoUuid('offer:3'),
} as const;

/** Company A's sub-contracting lines to siaeLittoral on penlyLot1, October 2026, drafts. */
export const subcontractedLines = {
  pending1: '60000000-0000-0000-0000-000000000001', // 4,500 € HT, to confirm
  pending2: '60000000-0000-0000-0000-000000000002', // 3,000 € HT, to confirm
  disputed: '60000000-0000-0000-0000-000000000003', // 2,400 € HT, disputed by the SIAE
} as const;

/** The candidatures of Dieppe-Maritime, reference CS-2026-DEMO000n. */
export const candidatures = {
  sentToCompanyA: '70000000-0000-0000-0000-000000000001', // transmitted to company A, waiting for its choice
  sentToCompanyABySiae: '70000000-0000-0000-0000-000000000002', // sent by the demo SIAE, transmitted to company A
  inReview: '70000000-0000-0000-0000-000000000003', // offer of lot 1
  received: '70000000-0000-0000-0000-000000000004', // offer of lot 1
  sentToCompanyB: '70000000-0000-0000-0000-000000000005', // offer of lot 2
  spontaneous: '70000000-0000-0000-0000-000000000006', // no offer, received
  declined: '70000000-0000-0000-0000-000000000007', // declined before transmission
} as const;

/** A participant of the generated groups: penly (90), acv (21), arques (24), calvados (630), alpes (8). */
export function participantId(group: 'penly' | 'acv' | 'arques' | 'calvados' | 'alpes', n: number): string {
  return demoUuid(`${group}:${n}`);
}

/** The seed's candidature n (1 to 7, reference CS-2026-DEMO000n): see `candidatures` for each one's state. */
export function demoCandidature(n: number): string {
  return `70000000-0000-0000-0000-${String(n).padStart(12, '0')}`;
}
