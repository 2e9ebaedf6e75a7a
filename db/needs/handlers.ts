// The 精准康复 area's calls, implemented.
import type { Handlers } from '../call';
import type { AreaContext } from '../context';
import type { needsCalls } from './contract';
import { createNeedsStore } from './store';
import { createIndicators } from './indicators';
import { createNeedsFiles } from './files';

export function needsHandlers(ctx: AreaContext): Handlers<typeof needsCalls> {
  const store = createNeedsStore(ctx);
  const indicators = createIndicators(ctx.db, () => ctx.clock.today());
  const files = createNeedsFiles(ctx, store);
  return {
    'needs.person.get': (input) => store.personNeeds(input.personId),
    'needs.create': (input) => store.createNeed(input),
    'needs.close': (input) => store.closeNeed(input),
    'needs.screening.create': (input) => store.createScreening(input),
    'needs.diagnosis.create': (input) => store.createDiagnosis(input),
    'needs.diagnosis.link': (input) => store.linkDiagnosis(input.id),
    'needs.plan.save': (input) => store.savePlan(input),
    'needs.referrals.create': (input) => store.createReferral(input),
    'needs.referrals.update': (input) => store.updateReferral(input),
    'needs.reminders.create': (input) => store.createReminder(input),
    'needs.reminders.due': (input) => store.remindersDue(input.limit),
    'needs.visits.quarters': (input) => indicators.visitQuarters(input.year),
    'needs.indicators': (input) => indicators.indicators(input.year),
    'needs.indicators.people': (input) => indicators.people(input.year, input.indicator, input.onlyMissing),
    'needs.targets.save': (input) => {
      files.saveTargets(input.year, input.targets, 'centre');
      return indicators.indicators(input.year);
    },
    'needs.targets.import': (input) => indicators.indicators(files.importTargets(input.path)),
    'needs.targets.export': (input) => files.exportTargets(input.year, input.issuer),
    'needs.transfer.export': (input) => files.exportTransfer(input),
    'needs.transfer.import': (input) => files.importTransfer(input),
  };
}
