// What /espace/acces-donnees/ hands out: the file of everything the territory holds about one
// person (public.export_person_data, read by src/actions/data-access.ts), as a download that is
// neither cached nor kept on the server.
import type { PersonData } from '../../domain/person-data.ts';

export function personDataFile(data: PersonData, today: string): Response {
  return new Response(`${JSON.stringify(data, null, 2)}\n`, {
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'content-disposition': `attachment; filename="donnees-personnelles-${today}.json"`,
      'cache-control': 'private, no-store',
    },
  });
}
