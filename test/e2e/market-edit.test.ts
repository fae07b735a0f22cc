// The facilitator edits a demo market, on the production build under netlify serve (shared with npm run dev: test/e2e/market-edit-journeys.ts).
import { inject } from 'vitest';
import { describeMarketEdit } from './market-edit-journeys.ts';

describeMarketEdit(inject('baseUrl'), 'under netlify serve');
