// The partner forms as Astro Actions, one file per concept. A page's form posts to
// `action={actions.<concept>.<form>}`; see src/actions/form.ts and docs/ARCHITECTURE.md.
import { markets } from './markets.ts';

export const server = { markets };
