// The facilitator edits a demo market under npm run dev (shared with netlify serve: test/e2e/market-edit-journeys.ts).
import { inject } from 'vitest';
import { describeMarketEdit } from '../e2e/market-edit-journeys.ts';

describeMarketEdit(inject('devBaseUrl'), 'under npm run dev');
