// What /espace/participants/[id]/ shows: the participant's file (null when the person is not in
// the caller's territory), the markets the person is on, and the parcours' window.
import { participantFileSchema, type ParticipantFile } from '../../domain/participant-file.ts';
import { parcoursWindow } from '../../domain/parcours.ts';
import type { PartnerSession } from '../session.ts';

export async function loadParticipantPage(session: PartnerSession, id: string, today: string) {
  const { db } = session;
  const { data, error } = await db.rpc('participant_file', { p_participant_id: id });
  const parsed = error ? null : participantFileSchema.safeParse(data);
  const file: ParticipantFile | null = parsed?.success ? parsed.data : null;
  if (!file) return { file, markets: [], parcours: null, parcoursMonths: null };
  const [markets, months] = await Promise.all([
    db.rpc('participant_markets', { p_participant_id: id }),
    db.rpc('participant_parcours_months', { p_participant_id: id }),
  ]);
  const parcours = months.data ? parcoursWindow(file.parcours_started_on, file.parcours_ended_on, months.data, today) : null;
  return { file, markets: markets.data ?? [], parcours, parcoursMonths: months.data ?? null };
}
