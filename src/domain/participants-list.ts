// The facilitator's participants list, one page at a time: what the address asks for
// (`?recherche=…&page=…`), the rows to ask the database for, the caption and the paging links.

/** People per page of the participants list. */
export const PARTICIPANTS_PER_PAGE = 50;

/** Longest search kept: a person's name, not a text. */
const MAX_SEARCH = 100;

export interface ParticipantsQuery {
  /** The search as typed, trimmed; undefined when empty. */
  search: string | undefined;
  /** 1-based page number. */
  page: number;
}

/** The search and page of the address; a missing or invalid page is the first. */
export function participantsQuery(params: URLSearchParams): ParticipantsQuery {
  const search = params.get('recherche')?.trim().slice(0, MAX_SEARCH) || undefined;
  const asked = Number.parseInt(params.get('page') ?? '', 10);
  return { search, page: Number.isSafeInteger(asked) && asked >= 1 ? asked : 1 };
}

/**
 * The rpc's paging arguments: one row more than a page, to know whether a next page exists
 * without counting the territory.
 */
export function participantsRange(query: ParticipantsQuery, perPage = PARTICIPANTS_PER_PAGE) {
  return { ...(query.search ? { p_search: query.search } : {}), p_limit: perPage + 1, p_offset: (query.page - 1) * perPage };
}

/** The address of another page of the same search. */
export function participantsPageHref(query: ParticipantsQuery, page: number): string {
  const params = new URLSearchParams();
  if (query.search) params.set('recherche', query.search);
  if (page > 1) params.set('page', String(page));
  const qs = params.toString();
  return `/espace/participants/${qs ? `?${qs}` : ''}`;
}

/** What the page shows of the rows the rpc returned: the page's rows, the caption, the links. */
export function participantsPage<Row>(query: ParticipantsQuery, rows: Row[], perPage = PARTICIPANTS_PER_PAGE) {
  const shown = rows.slice(0, perPage);
  const first = (query.page - 1) * perPage + 1;
  const last = first + shown.length - 1;
  const found = query.search ? ` dont le nom contient « ${query.search} »` : '';
  let caption: string;
  if (shown.length === 0) {
    caption = query.search ? `Aucun participant dont le nom contient « ${query.search} »` : query.page > 1 ? 'Aucun participant sur cette page' : 'Aucun participant';
  } else if (query.page === 1 && rows.length <= perPage) {
    caption = `${shown.length} participant${shown.length > 1 ? 's' : ''}${found}`;
  } else {
    caption = `Participants ${first} à ${last}${found}, par ordre alphabétique`;
  }
  return {
    rows: shown,
    caption,
    previous: query.page > 1 ? participantsPageHref(query, query.page - 1) : null,
    next: rows.length > perPage ? participantsPageHref(query, query.page + 1) : null,
  };
}
