// What /espace/acces-donnees/ hands out: the file of everything the territory holds about one
// person (public.export_person_data, read by src/actions/data-access.ts), as a download that is
// neither cached nor kept on the server: a workbook with one sheet per part (candidatures and
// their history, parcours, markets, hours, exits; French titles and labels), or the JSON as the
// database returns it, every key kept.
import { personDataSheets } from '../../domain/spreadsheet-columns.ts';
import type { PersonData } from '../../domain/person-data.ts';
import { xlsxDownload } from '../xlsx.ts';

export function personDataFile(data: PersonData, today: string, format: 'xlsx' | 'json'): Promise<Response> | Response {
  const name = `donnees-personnelles-${today}`;
  if (format === 'xlsx') return xlsxDownload(personDataSheets(data), name);
  return new Response(`${JSON.stringify(data, null, 2)}\n`, {
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'content-disposition': `attachment; filename="${name}.json"`,
      'cache-control': 'private, no-store',
    },
  });
}
