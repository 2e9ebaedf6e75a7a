// The devices area's calls, implemented.
import type { Handlers } from '../call';
import type { AreaContext } from '../context';
import type { devicesCalls } from './contract';
import { createAssessments } from './assessments';
import { createCatalogue } from './catalogue';
import { createFigures } from './figures';
import { createFittings } from './fittings';
import { createFollowups } from './followups';
import { createDevicesStore } from './store';

export function devicesHandlers(ctx: AreaContext): Handlers<typeof devicesCalls> {
  const store = createDevicesStore(ctx);
  const catalogue = createCatalogue(store);
  const assessments = createAssessments(store);
  const fittings = createFittings(store, catalogue, assessments);
  const followups = createFollowups(store, catalogue, fittings);
  const { figures } = createFigures(store);
  return {
    'devices.catalogue': (input) => catalogue.list(input.includeRetired),
    'devices.itemCreate': (input) => catalogue.create(input),
    'devices.itemUpdate': (input) => catalogue.update(input),
    'devices.rules': (input) => catalogue.rules(input.year),
    'devices.rulesSave': (input) => catalogue.saveRules(input),
    'devices.person': (input) => fittings.personFile(input.personId),
    'devices.assessmentCreate': (input) => assessments.createAssessment(input),
    'devices.quote': (input) => fittings.quote(input),
    'devices.fittingCreate': (input) => fittings.createFitting(input),
    'devices.fittingUpdate': (input) => fittings.updateFitting(input),
    'devices.recent': (input) => fittings.recent(input.limit),
    'devices.followupsDue': (input) => followups.followupsDue(input.withinDays, input.limit),
    'devices.followupRecord': (input) => followups.recordFollowup(input),
    'devices.figures': (input) => figures(input.year),
  };
}
