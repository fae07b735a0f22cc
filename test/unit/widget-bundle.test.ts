// Budget of /widget/v1.js: built by the very function the endpoint uses, Chart.js included,
// it must stay within 70 KB gzipped (a size limit, not a timing). Also: one self-contained ES
// module that neither stores anything nor reads cookies.
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { buildWidgetBundle } from '../../src/widget/build.ts';

const BUDGET_BYTES = 70 * 1024;

describe('/widget/v1.js', () => {
  it('is at most 70 KB gzipped, Chart.js included', async () => {
    const code = await buildWidgetBundle();
    const gzipped = gzipSync(Buffer.from(code), { level: 9 }).length;
    console.info(`widget/v1.js: ${(code.length / 1024).toFixed(1)} KB minified, ${(gzipped / 1024).toFixed(1)} KB gzipped (budget ${BUDGET_BYTES / 1024} KB)`);
    expect(gzipped).toBeLessThanOrEqual(BUDGET_BYTES);

    // One module with no import left to resolve, which finds its data from its own URL.
    expect(code).not.toMatch(/\bimport\s*[{*"'(]|\bimport\s+\w+\s+from\b/);
    expect(code).toContain('import.meta.url');
    expect(code).toContain('customElements.define');
    expect(code).toContain('Chart.js v4.6.1'); // the licence notice is kept
    for (const banned of ['localStorage', 'sessionStorage', 'document.cookie', 'indexedDB', 'sendBeacon']) {
      expect(code, banned).not.toContain(banned);
    }
  }, 60_000);
});
