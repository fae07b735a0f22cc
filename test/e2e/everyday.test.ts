// Everyday journeys on the production build under netlify serve: declaring a month on a phone,
// an offer's deadline, the facilitator's phone, French dates and elision (shared with npm run dev:
// test/e2e/everyday-journeys.ts).
import { inject } from 'vitest';
import { describeEverydayJourneys } from './everyday-journeys.ts';

describeEverydayJourneys(inject('baseUrl'), 'under netlify serve');
