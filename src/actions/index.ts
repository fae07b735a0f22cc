// The partner forms as Astro Actions, one file per concept. A page's form posts to
// `action={actions.<concept>.<form>}`; see src/actions/form.ts and docs/ARCHITECTURE.md.
import { admin } from './admin.ts';
import { candidatures } from './candidatures.ts';
import { dataAccess } from './data-access.ts';
import { decp } from './decp.ts';
import { declarations } from './declarations.ts';
import { markets } from './markets.ts';
import { organisations } from './organisations.ts';
import { participants } from './participants.ts';
import { results } from './results.ts';
import { session } from './session.ts';
import { subcontracting } from './subcontracting.ts';
import { territory } from './territory.ts';

export const server = {
  admin, candidatures, dataAccess, decp, declarations, markets, organisations, participants, results, session, subcontracting, territory,
};
