// Open data files with stable URLs, built from the publications at build time:
//   /donnees/resultats.csv|json         every territory
//   /donnees/<territoire>.csv|json      one territory
//   /donnees/schema.json                Table Schema of the CSV
import type { APIRoute, GetStaticPaths } from 'astro';
import { listPublishedResults, listTerritories } from '../../server/public-data.ts';
import { LICENCE, openDataCsv, rowsOf, tableSchema } from '../../domain/opendata.ts';

export const getStaticPaths = (async () => {
  const territories = await listTerritories();
  const names = ['resultats', ...territories.map((t) => t.slug)];
  return [
    { params: { fichier: 'schema.json' } },
    ...names.flatMap((name) => [{ params: { fichier: `${name}.csv` } }, { params: { fichier: `${name}.json` } }]),
  ];
}) satisfies GetStaticPaths;

export const GET: APIRoute = async ({ params }) => {
  const file = params.fichier ?? '';
  if (file === 'schema.json') {
    return Response.json(tableSchema(), { headers: { 'content-type': 'application/json; charset=utf-8' } });
  }
  const [name, extension] = file.split('.') as [string, string];
  const results = await listPublishedResults(name === 'resultats' ? undefined : name);
  if (extension === 'csv') {
    return new Response(openDataCsv(results.flatMap(rowsOf)), { headers: { 'content-type': 'text/csv; charset=utf-8' } });
  }
  return Response.json({
    licence: LICENCE,
    schema_csv: '/donnees/schema.json',
    publications: results.map((r) => ({
      territoire: r.territorySlug,
      territoire_nom: r.territoryName,
      annee: r.year,
      version: r.version,
      date_publication: r.publishedAt,
      note: r.sourceNote,
      indicateurs: r.figures,
    })),
  }, { headers: { 'content-type': 'application/json; charset=utf-8' } });
};
