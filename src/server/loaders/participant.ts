// What /espace/participants/[id]/ shows: the participant's file (null when the person is not in
// the caller's territory), the markets the person is on, the parcours' window, each exit
// milestone with its due date and its recorded situation, and the state of its two forms.
import { eligibilityLabels, exitMilestoneCodeLabels } from '../../domain/labels.ts';
import { participantFileSchema, type ParticipantFile } from '../../domain/participant-file.ts';
import { addMonths, parcoursWindow } from '../../domain/parcours.ts';
import { FIELDS_TO_CORRECT } from '../action-errors.ts';
import type { FailedForm } from '../page-form.ts';
import type { PartnerSession } from '../session.ts';

type Milestone = keyof typeof exitMilestoneCodeLabels;
const milestones = Object.keys(exitMilestoneCodeLabels) as Milestone[];

/** The due date of an exit milestone: the end of the parcours, then 6 and 12 months after. */
function dueOn(file: ParticipantFile, milestone: Milestone): string | null {
  if (milestone === 'end') return file.parcours_ended_on;
  return file.exits_from ? addMonths(file.exits_from, milestone === 'm6' ? 6 : 12) : null;
}

/** Each milestone, its due date, its situation if recorded, and whether it is due without one. */
function exitRows(file: ParticipantFile | null, today: string) {
  return milestones.map((milestone) => {
    const exit = file?.exits.find((e) => e.milestone === milestone);
    const due = file ? dueOn(file, milestone) : null;
    return { milestone, exit, due, toFill: !exit && due !== null && due <= today };
  });
}

export async function loadParticipantPage(session: PartnerSession, id: string, today: string) {
  const { db } = session;
  const { data, error } = await db.rpc('participant_file', { p_participant_id: id });
  const parsed = error ? null : participantFileSchema.safeParse(data);
  const file: ParticipantFile | null = parsed?.success ? parsed.data : null;
  const exits = exitRows(file, today);
  if (!file) return { file, today, exits, markets: [], parcours: null, parcoursMonths: null };
  const [markets, months] = await Promise.all([
    db.rpc('participant_markets', { p_participant_id: id }),
    db.rpc('participant_parcours_months', { p_participant_id: id }),
  ]);
  const parcours = months.data ? parcoursWindow(file.parcours_started_on, file.parcours_ended_on, months.data, today) : null;
  return { file, today, exits, markets: markets.data ?? [], parcours, parcoursMonths: months.data ?? null };
}

/**
 * The state of the page's two forms: which one failed, its messages by field, the headline
 * message when no field carries one, the values to show again (ticked criteria, the exit typed),
 * the milestone selected by default (the first without a situation) and the flash of `?ok=`.
 */
export function participantForms(failed: FailedForm | null, file: ParticipantFile | null, exits: ReturnType<typeof exitRows>, ok: string | null) {
  const posted = failed?.name ?? '';
  const errors = failed?.fields ?? {};
  const formError = failed && Object.keys(errors).length === 0 && failed.message !== FIELDS_TO_CORRECT ? failed.message : '';
  const exitValues: Record<string, string> = posted === 'exit' ? (failed?.values ?? {}) : {};
  const nextMilestone = exits.find((row) => !row.exit)?.milestone ?? 'end';
  return {
    posted, errors, formError, exitValues,
    selectedMilestone: exitValues.milestone || nextMilestone,
    ticked: new Set(posted === 'eligibility' ? (failed?.lists.eligibility ?? []) : (file?.eligibility ?? [])),
    done: ok,
    doneMilestone: ok?.startsWith('sortie-') ? ok.slice('sortie-'.length) : '',
    summaryLinks: { eligibility: `eligibility-${Object.keys(eligibilityLabels)[0]}`, milestone: 'milestone', observed_on: 'observed_on', situation: 'situation' } as Record<string, string>,
  };
}
