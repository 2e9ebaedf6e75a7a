// Figures of training and employment for a year (or all years): trainees and completions per
// course type, certificates, placements by type and retention at each follow-up.
import type { Db } from '../open';
import type { TrainingFigures } from './contract';
import type { CourseTypes } from './course-types';
import { CERTIFICATE_TYPES, PLACEMENT_TYPES, retentionPermille, type CertificateType, type PlacementType } from './rules';
import { statements } from '../statements';
import type { Clock } from '../clock';
import { isWorkingAge, outcomeRates } from './employment-rules';
import type { Employment } from './employment';

/** Date bounds of a year, or of all time. */
function bounds(year: number | null): [string, string] {
  return year === null ? ['0000-01-01', '9999-12-31'] : [`${year}-01-01`, `${year}-12-31`];
}

export function createFigures(db: Db, courseTypes: CourseTypes, clock: Clock, employment: Employment) {
  const prepared = statements(db);

  return function figures(year: number | null): TrainingFigures {
    const [from, to] = bounds(year);
    const years = (
      prepared(
        `SELECT DISTINCT y FROM (SELECT substr(start_date, 1, 4) AS y FROM training_class
           UNION SELECT substr(start_date, 1, 4) FROM placement) ORDER BY y DESC`,
      ).all() as { y: string }[]
    ).map((r) => Number(r.y));

    const perType = new Map(
      (
        prepared(
          `SELECT c.course_type, count(e.id) AS trainees, count(e.completed_on) AS completed,
             (SELECT count(*) FROM training_certificate t JOIN training_enrolment e2 ON e2.id = t.enrolment_id
                JOIN training_class c2 ON c2.id = e2.class_id
              WHERE c2.course_type = c.course_type AND t.issued_on BETWEEN ? AND ?) AS certificates
           FROM training_class c LEFT JOIN training_enrolment e ON e.class_id = c.id
           WHERE c.start_date BETWEEN ? AND ? GROUP BY c.course_type`,
        ).all(from, to, from, to) as { course_type: string; trainees: number; completed: number; certificates: number }[]
      ).map((r) => [r.course_type, r]),
    );
    const byCourseType = courseTypes.list().map((t) => ({
      code: t.code,
      name: t.name,
      trainees: perType.get(t.code)?.trainees ?? 0,
      completed: perType.get(t.code)?.completed ?? 0,
      certificates: perType.get(t.code)?.certificates ?? 0,
    }));

    const certCounts = new Map(
      (
        prepared('SELECT cert_type, count(*) AS n FROM training_certificate WHERE issued_on BETWEEN ? AND ? GROUP BY cert_type').all(from, to) as {
          cert_type: CertificateType;
          n: number;
        }[]
      ).map((r) => [r.cert_type, r.n]),
    );
    const placementCounts = new Map(
      (
        prepared('SELECT placement_type, count(*) AS n FROM placement WHERE start_date BETWEEN ? AND ? GROUP BY placement_type').all(from, to) as {
          placement_type: PlacementType;
          n: number;
        }[]
      ).map((r) => [r.placement_type, r.n]),
    );
    const retention = (
      prepared(
        `SELECT f.months, count(*) AS recorded, coalesce(sum(f.still_employed), 0) AS employed
         FROM placement_followup f JOIN placement pl ON pl.id = f.placement_id
         WHERE f.done_on IS NOT NULL AND pl.start_date BETWEEN ? AND ? GROUP BY f.months ORDER BY f.months`,
      ).all(from, to) as { months: number; recorded: number; employed: number }[]
    ).map((r) => ({ ...r, permille: retentionPermille(r.recorded, r.employed) }));
    // Retention at 6 and 12 months is always reported, even before any follow-up is done.
    for (const months of [6, 12]) {
      if (!retention.some((r) => r.months === months)) retention.push({ months, recorded: 0, employed: 0, permille: null });
    }
    retention.sort((a, b) => a.months - b.months);

    // Employment after completion: completers of the year's classes, of working age, each person once.
    const completions = prepared(
      `SELECT e.person_id, e.completed_on, p.sex, p.birth_date FROM training_enrolment e JOIN training_class c ON c.id = e.class_id
       JOIN person p ON p.id = e.person_id WHERE e.completed_on IS NOT NULL AND c.start_date BETWEEN ? AND ?`,
    ).all(from, to) as { person_id: number; completed_on: string; sex: 'M' | 'F'; birth_date: string }[];
    const spells = new Map<number, { startDate: string; endDate: string }[]>();
    for (const r of prepared(
      `SELECT person_id, start_date, end_date FROM placement WHERE person_id IN (SELECT value FROM json_each(?))`,
    ).all(JSON.stringify([...new Set(completions.map((c) => c.person_id))])) as { person_id: number; start_date: string; end_date: string | null }[]) {
      spells.set(r.person_id, [...(spells.get(r.person_id) ?? []), { startDate: r.start_date, endDate: r.end_date ?? '' }]);
    }
    const today = clock.today();
    const outcomes = outcomeRates(
      completions.map((c) => ({ personId: c.person_id, sex: c.sex, birthDate: c.birth_date, completedOn: c.completed_on, spells: spells.get(c.person_id) ?? [] })),
      courseTypes.followUpMonths(from === '0000-01-01' ? today : from),
      today,
    ).map((r) => ({ months: r.months, due: r.due, employed: r.employed, permille: r.permille, pending: r.pending }));
    const workingAge = completions.filter((c) => isWorkingAge(c.sex, c.birth_date, c.completed_on));
    const completers = { persons: new Set(workingAge.map((c) => c.person_id)).size, enrolments: workingAge.length };

    return {
      year,
      years,
      byCourseType,
      certificatesByType: CERTIFICATE_TYPES.map((certType) => ({ certType, count: certCounts.get(certType) ?? 0 })),
      placementsByType: PLACEMENT_TYPES.map((placementType) => ({ placementType, count: placementCounts.get(placementType) ?? 0 })),
      retention,
      outcomes,
      completers,
      publicWelfare: employment.publicWelfare(year ?? Number(today.slice(0, 4))),
      jobSeekers: employment.jobSeekerCount(),
    };
  };
}
