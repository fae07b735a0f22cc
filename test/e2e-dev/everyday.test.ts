// Everyday journeys under npm run dev: declaring a month on a phone, an offer's deadline, the
// facilitator's phone, French dates and elision (shared with netlify serve: test/e2e/everyday-journeys.ts).
import { inject } from 'vitest';
import { describeEverydayJourneys } from '../e2e/everyday-journeys.ts';

describeEverydayJourneys(inject('devBaseUrl'), 'under npm run dev');
