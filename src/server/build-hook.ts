// After a publication, ask Netlify to rebuild the static site (results pages and open data are
// built from publications). Without a hook (local development) nothing is needed: the dev
// server renders on each request.
import { serverEnv } from './env.ts';

export async function triggerSiteRebuild(): Promise<'triggered' | 'not_configured' | 'failed'> {
  const hook = serverEnv().NETLIFY_BUILD_HOOK_URL;
  if (!hook) return 'not_configured';
  try {
    const response = await fetch(hook, { method: 'POST', signal: AbortSignal.timeout(10_000) });
    return response.ok ? 'triggered' : 'failed';
  } catch {
    return 'failed';
  }
}
