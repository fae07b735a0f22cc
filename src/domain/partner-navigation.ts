// The partner space's sections: their address, French label and the roles that may open them.
// The middleware refuses a section to any other role (/espace/interdit/) and the partner layout
// shows each role the links of its sections; the pages ask requireRole with the same list.
export type Role = 'facilitator' | 'company' | 'buyer' | 'siae' | 'prescriber' | 'admin';

export interface PartnerSection {
  path: string;
  label: string;
  roles: readonly Role[];
  /** False for a section reached from another page, not from the navigation. */
  inNav: boolean;
}

const everyone: readonly Role[] = ['facilitator', 'company', 'buyer', 'siae', 'prescriber', 'admin'];

export const partnerSections: readonly PartnerSection[] = [
  { path: '/espace/', label: 'Tableau de bord', roles: everyone, inNav: true },
  { path: '/espace/marches/', label: 'Marchés', roles: ['facilitator', 'company', 'buyer'], inNav: true },
  { path: '/espace/declarations/', label: 'Heures déclarées', roles: ['facilitator', 'company', 'siae'], inNav: true },
  { path: '/espace/candidatures/', label: 'Candidatures', roles: ['facilitator', 'prescriber', 'siae', 'company'], inNav: true },
  { path: '/espace/participants/', label: 'Participants', roles: ['facilitator'], inNav: true },
  { path: '/espace/organisations/', label: 'Organisations et comptes', roles: ['facilitator'], inNav: true },
  { path: '/espace/publier/', label: 'Publier les résultats', roles: ['facilitator'], inNav: true },
  { path: '/espace/import-decp/', label: 'Importer des marchés (DECP)', roles: ['facilitator'], inNav: true },
  { path: '/espace/acces-donnees/', label: 'Demande d’accès aux données', roles: ['facilitator'], inNav: true },
  { path: '/espace/parametres/', label: 'Paramètres du territoire', roles: ['facilitator'], inNav: true },
  { path: '/espace/declarer/import/', label: 'Importer un mois (Excel, CSV)', roles: ['company'], inNav: true },
  { path: '/espace/declarer/', label: 'Déclarer des heures', roles: ['company'], inNav: false },
  { path: '/espace/bilan/', label: 'Bilan annuel', roles: ['buyer'], inNav: true },
  { path: '/espace/sous-traitance/', label: 'Sous-traitance à confirmer', roles: ['siae'], inNav: true },
  { path: '/espace/administration/', label: 'Administration du déploiement', roles: ['admin'], inNav: true },
];

/**
 * The section a path belongs to: the longest section address it starts with (with or without
 * its trailing slash). The dashboard matches itself only: the sign-in, sign-out, forbidden
 * pages and the CV and export downloads belong to no section and check for themselves.
 */
export function sectionOf(pathname: string): PartnerSection | undefined {
  const path = pathname.endsWith('/') ? pathname : `${pathname}/`;
  let found: PartnerSection | undefined;
  for (const section of partnerSections) {
    const matches = section.path === '/espace/' ? path === '/espace/' : path.startsWith(section.path);
    if (matches && (!found || section.path.length > found.path.length)) found = section;
  }
  return found;
}

/** Whether a role may open a path; a path outside every section is not this table's to refuse. */
export function roleAllowed(pathname: string, role: string | undefined): boolean {
  const section = sectionOf(pathname);
  if (!section || section.path === '/espace/') return true;
  return role !== undefined && (section.roles as readonly string[]).includes(role);
}
