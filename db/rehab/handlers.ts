// The rehab area's calls, implemented.
import type { Handlers } from '../call';
import type { AreaContext } from '../context';
import type { rehabCalls } from './contract';
import { createBase } from './base';
import { createEnrolments } from './enrolments';
import { createSessions } from './sessions';
import { createReports } from './reports';
import { createVisits } from './visits';
import { createParentTraining } from './parent-training';

export function rehabHandlers(ctx: AreaContext): Handlers<typeof rehabCalls> {
  const base = createBase(ctx);
  const enrolments = createEnrolments(base);
  const sessions = createSessions(base, enrolments);
  const reports = createReports(base);
  const visits = createVisits(base);
  const parentTraining = createParentTraining(base);
  return {
    'rehab.therapists.list': () => enrolments.therapists(),
    'rehab.therapists.save': (input) => enrolments.saveTherapist(input),
    'rehab.settings.get': (input) => base.settings(input.date || ctx.clock.today()),
    'rehab.settings.update': ({ effectiveFrom, ...values }) => {
      base.putSettings(values, effectiveFrom);
      return base.settings(effectiveFrom || ctx.clock.today());
    },
    'rehab.enrolments.list': (input) => enrolments.list(input),
    'rehab.enrolments.get': (input) => enrolments.get(input.id),
    'rehab.enrolments.create': (input) => enrolments.create(input),
    'rehab.enrolments.update': (input) => enrolments.update(input),
    'rehab.goals.save': (input) => enrolments.saveGoal(input),
    'rehab.assessments.create': (input) => enrolments.createAssessment(input),
    'rehab.day': (input) => sessions.day(input),
    'rehab.sessions.log': (input) => sessions.log(input),
    'rehab.sessions.logGroup': (input) => sessions.logGroup(input),
    'rehab.sessions.update': (input) => sessions.update(input),
    'rehab.sessions.remove': (input) => sessions.remove(input),
    'rehab.month': (input) => reports.childMonth(input.enrolmentId, input.month),
    'rehab.summary': (input) => reports.summary(input.month),
    'rehab.parentTraining.create': (input) => parentTraining.create(input),
    'rehab.parentTraining.list': (input) => parentTraining.list(input.enrolmentId),
    'rehab.visits.create': (input) => visits.create(input),
    'rehab.visits.due': (input) => visits.due(input),
  };
}
