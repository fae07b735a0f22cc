// The participants page's address, caption and paging links (src/domain/participants-list.ts).
import { describe, expect, it } from 'vitest';
import { participantsPage, participantsQuery, participantsRange } from '../../src/domain/participants-list.ts';

const q = (qs: string) => participantsQuery(new URLSearchParams(qs));
const rows = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('the participants list, page by page', () => {
  it('reads the search and the page from the address; a bad page is the first', () => {
    expect(q('recherche=%20Éloïse%20&page=3')).toEqual({ search: 'Éloïse', page: 3 });
    expect(q('recherche=&page=0')).toEqual({ search: undefined, page: 1 });
    expect(q('page=abc')).toEqual({ search: undefined, page: 1 });
    expect(participantsRange(q('recherche=eloise&page=3'))).toEqual({ p_search: 'eloise', p_limit: 51, p_offset: 100 });
    expect(participantsRange(q(''))).toEqual({ p_limit: 51, p_offset: 0 });
  });

  it('tells how many are shown and links to the pages around', () => {
    expect(participantsPage(q(''), rows(51))).toMatchObject({
      caption: 'Participants 1 à 50, par ordre alphabétique', previous: null, next: '/espace/participants/?page=2',
    });
    expect(participantsPage(q('recherche=dupont&page=2'), rows(7))).toMatchObject({
      caption: 'Participants 51 à 57 dont le nom contient « dupont », par ordre alphabétique',
      previous: '/espace/participants/?recherche=dupont', next: null,
    });
    expect(participantsPage(q('recherche=eloise'), rows(1))).toMatchObject({ caption: '1 participant dont le nom contient « eloise »', previous: null, next: null });
    expect(participantsPage(q('recherche=zz'), [])).toMatchObject({ caption: 'Aucun participant dont le nom contient « zz »' });
    expect(participantsPage(q(''), rows(51)).rows).toHaveLength(50);
  });
});
