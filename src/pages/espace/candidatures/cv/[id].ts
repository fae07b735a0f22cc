// A candidate's CV, for whoever may read the candidature (public.candidature_cv decides, by
// row-level security): downloaded as a private, uncached attachment, never a public URL.
import type { APIRoute } from 'astro';
import { readCv } from '../../../../server/cv-storage.ts';

export const prerender = false;

const notFound = () => new Response('Ce CV est introuvable, ou vous n’y avez pas accès.', {
  status: 404, headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'private, no-store' },
});

export const GET: APIRoute = async ({ params, locals }) => {
  const session = locals.session;
  if (!session) return new Response(null, { status: 303, headers: { location: '/espace/connexion/' } });
  const id = params.id ?? '';
  if (!/^[0-9a-f-]{36}$/i.test(id)) return notFound();
  const { data } = await session.db.rpc('candidature_cv', { p_candidature_id: id });
  const cv = data?.[0];
  const bytes = cv ? await readCv(cv.path) : null;
  if (!cv || !bytes) return notFound();
  return new Response(bytes, {
    headers: {
      'content-type': 'application/pdf',
      'content-disposition': `attachment; filename="cv-${cv.reference}.pdf"`,
      'cache-control': 'private, no-store',
      'x-content-type-options': 'nosniff',
    },
  });
};
