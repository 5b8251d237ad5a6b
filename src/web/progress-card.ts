import { Actor } from '../auth/actor';
import { CheckInsService } from '../check-ins/check-ins.service';
import { progressChart } from '../check-ins/progress-chart';
import { RenderedHtml } from '../views/rendered-html';
import { formatDate } from '../views/view-helpers';

/** Pages a "seen" form may return to: a patient's page or a handout's builder. */
const BACK =
  /^\/(patients|handouts)\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function safeBack(value: unknown, fallback: string): string {
  return typeof value === 'string' && BACK.test(value) ? value : fallback;
}

/**
 * How a patient is doing on one handout's plan, for the patient page and the builder: the
 * chart (drawn on the server, readable without colour), the latest check-in, and the flags
 * with a "seen" button. Null when the handout has no plan.
 */
export async function progressCard(
  checkIns: CheckInsService,
  actor: Actor,
  handout: { id: string; title: string },
  back: string,
) {
  const { items, summary, chart } = await checkIns.progress(actor, handout.id);
  // Without a plan in the latest version, the card stays while flags wait to be seen.
  if (!summary.startDate && !summary.needsAttention && summary.flags.length === 0) return null;
  const latest = items.at(-1);
  const percent = summary.completion === null ? null : Math.round(summary.completion * 100);
  const facts = [
    !summary.startDate
      ? 'The latest version has no day-by-day plan'
      : summary.days === 0
        ? `Starts ${formatDate(summary.startDate)}`
        : `Day ${summary.days} of ${summary.endDate ? dayCount(summary.startDate, summary.endDate) : summary.days}`,
    `${summary.checkedIn} ${summary.checkedIn === 1 ? 'check-in' : 'check-ins'}`,
    ...(percent !== null ? [`exercises ${percent}% done`] : []),
    ...(summary.lastPain !== null ? [`last pain ${summary.lastPain} of 10`] : []),
  ];
  return {
    handoutId: handout.id,
    title: handout.title,
    facts: facts.join(' · '),
    chart: new RenderedHtml(progressChart(chart, { id: `chart-${handout.id.slice(0, 8)}` })),
    latest: latest
      ? [
          `Day ${latest.day} (${formatDate(latest.date)})`,
          latest.pain === null ? 'no pain given' : `pain ${latest.pain} of 10`,
          `${latest.done.length} ${latest.done.length === 1 ? 'exercise' : 'exercises'} done`,
          ...(latest.walkedMinutes !== null ? [`walked ${latest.walkedMinutes} minutes`] : []),
          ...(latest.emergencySigns.length ? [`ticked: ${latest.emergencySigns.join('; ')}`] : []),
        ].join(', ')
      : null,
    flags: summary.flags,
    overdue: summary.overdue
      ? latest
        ? `No check-in since ${formatDate(latest.date)}`
        : 'No check-in since the plan started'
      : null,
    needsAttention: summary.needsAttention,
    seenAction: `/handouts/${handout.id}/check-ins/seen`,
    back,
  };
}

function dayCount(start: string, end: string): number {
  return Math.round((Date.parse(end) - Date.parse(start)) / 86_400_000) + 1;
}
