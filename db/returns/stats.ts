// Reading what an office holds: the packages and periods, the statistics tables of a period (per
// centre and in total), and the cross-centre check (one person served by two centres at once).
import type { AreaContext } from '../context';
import { getSetting } from '../settings';
import { REHAB_SETTING_DEFAULTS } from '../rehab/rules';
import type { LeftOutList, LeftOutListRow, OverlapProgramme, OverlapRow, Overlaps, PackageRow, PeriodSummary, ReturnStats } from './contract';
import type { LeftOutCheck } from '../compare/rules';
import { readOfficeKey } from './centre';
import { personKeyOf } from './writer';
import { isPlainIdKey } from './format';
import { parsePeriod } from './rules';
import { buildTables, childrenCross, figureKey, addBags, type CentreRef, type FigureBag } from './tables';

const CURRENT = "SELECT id FROM return_package WHERE period = :period AND status = 'current'";

export function createStats(ctx: AreaContext) {
  const { db } = ctx;

  function packages(period: string, includeReplaced: boolean): PackageRow[] {
    const rows = db
      .prepare(
        `SELECT p.*, (SELECT count(*) FROM ret_source s WHERE s.package_id = p.id) AS sources
         FROM return_package p
         WHERE p.status IN ('current', 'replaced') AND (:period = '' OR p.period = :period) AND (:all = 1 OR p.status = 'current')
         ORDER BY p.period DESC, p.status, p.region_code, p.centre_name, p.id DESC`,
      )
      .all({ period, all: includeReplaced ? 1 : 0 }) as Record<string, unknown>[];
    return rows.map((r) => {
      const counts = JSON.parse(r.row_counts as string) as Record<string, number>;
      return {
        id: r.id as number,
        status: r.status as PackageRow['status'],
        kind: r.kind as PackageRow['kind'],
        centreCode: r.centre_code as string,
        centreName: r.centre_name as string,
        centreType: r.centre_type as string,
        regionCode: r.region_code as string,
        period: r.period as string,
        exportedAt: r.exported_at as string,
        deidentified: r.deidentified === 1,
        formatVersion: r.format_version as number,
        claims: r.claims as PackageRow['claims'],
        fileName: r.file_name as string,
        rows: Object.values(counts).reduce((a, b) => a + b, 0),
        sources: r.sources as number,
        importedAt: r.created_at as string,
        importedBy: r.created_by as string,
        replacedBy: (r.replaced_by as number | null) ?? null,
      };
    });
  }

  function periods(): PeriodSummary[] {
    const rows = db
      .prepare(
        `SELECT p.period, p.period_from, p.period_to, count(DISTINCT p.id) AS packages, count(DISTINCT s.centre_code) AS centres
         FROM return_package p LEFT JOIN ret_source s ON s.package_id = p.id
         WHERE p.status = 'current' GROUP BY p.period ORDER BY p.period_from DESC, p.period_to DESC`,
      )
      .all() as { period: string; period_from: string; period_to: string; packages: number; centres: number }[];
    return rows.map((r) => ({ period: r.period, from: r.period_from, to: r.period_to, packages: r.packages, centres: r.centres }));
  }

  function centresOf(period: string): CentreRef[] {
    return db
      .prepare(
        `SELECT centre_code AS code, min(centre_name) AS name, min(centre_type) AS type, min(region_code) AS regionCode
         FROM ret_source WHERE package_id IN (${CURRENT}) GROUP BY centre_code ORDER BY regionCode, name, code`,
      )
      .all({ period }) as CentreRef[];
  }

  function stats(periodCode: string): ReturnStats {
    const period = parsePeriod(periodCode)!;
    const packageCount = (db.prepare(`SELECT count(*) FROM (${CURRENT})`).pluck().get({ period: period.code }) as number) ?? 0;
    const centres = centresOf(period.code);
    const bags = new Map<string, FigureBag>();
    const rows = db
      .prepare(
        `SELECT centre_code, metric, dim1, dim2, sum(value) AS value FROM ret_figure WHERE package_id IN (${CURRENT})
         GROUP BY centre_code, metric, dim1, dim2`,
      )
      .all({ period: period.code }) as { centre_code: string; metric: string; dim1: string; dim2: string; value: number }[];
    for (const r of rows) {
      const bag = bags.get(r.centre_code) ?? new Map<string, number>();
      bag.set(figureKey(r.metric, r.dim1, r.dim2), r.value);
      bags.set(r.centre_code, bag);
    }
    // Age bands as this office counts them (the child rehab setting in force at the period's start).
    const ageBands = getSetting<number[]>(db, 'rehab.ageBands', period.from, [...REHAB_SETTING_DEFAULTS['rehab.ageBands']]);
    const total = addBags(centres.map((c) => bags.get(c.code) ?? new Map<string, number>()));
    return {
      period,
      centres,
      packages: packageCount,
      claimsCentres: centres.filter((c) => (bags.get(c.code)?.get(figureKey('claimsIncluded')) ?? 0) > 0).length,
      checksCentres: centres.filter((c) => (bags.get(c.code)?.get(figureKey('checksIncluded')) ?? 0) > 0).length,
      tables: buildTables(centres, bags, ageBands),
      childrenCross: childrenCross(total, ageBands),
    };
  }

  function overlaps(periodCode: string, limit: number): Overlaps {
    const period = parsePeriod(periodCode)!;
    const centres = new Map(centresOf(period.code).map((c) => [c.code, c]));
    // Each span of a current package, against the same person's spans at other centres (the
    // match index narrows to that person first; the package of the other span is then checked).
    const pairs = `
      FROM return_package pa JOIN ret_span a ON a.package_id = pa.id
      JOIN ret_span b
        ON b.programme = a.programme AND b.scope = a.scope AND b.match_key = a.match_key AND b.centre_code > a.centre_code
       AND b.span_from <= a.span_to AND a.span_from <= b.span_to
      JOIN return_package pb ON pb.id = b.package_id AND pb.period = pa.period AND pb.status = 'current'
      WHERE pa.period = :period AND pa.status = 'current'`;
    const counted = db.prepare(`SELECT count(*) AS total, count(DISTINCT a.match_key) AS people ${pairs}`).get({ period: period.code }) as {
      total: number;
      people: number;
    };
    const rows = db
      .prepare(
        `SELECT a.programme, a.scope, a.match_key, a.person_key AS key_a, b.person_key AS key_b,
           a.centre_code AS centre_a, a.ref AS ref_a, a.span_from AS from_a, a.span_to AS to_a,
           b.centre_code AS centre_b, b.ref AS ref_b, b.span_from AS from_b, b.span_to AS to_b,
           max(a.span_from, b.span_from) AS overlap_from, min(a.span_to, b.span_to) AS overlap_to,
           (SELECT coalesce(nullif(pa.name, ''), (SELECT pb.name FROM ret_person pb WHERE pb.package_id = b.package_id
               AND pb.centre_code = b.centre_code AND pb.person_key = b.person_key), '')
            FROM ret_person pa WHERE pa.package_id = a.package_id AND pa.centre_code = a.centre_code AND pa.person_key = a.person_key) AS name
         ${pairs}
         ORDER BY a.programme, a.scope, name, a.match_key, overlap_from, a.centre_code, b.centre_code, a.ref, b.ref
         LIMIT :limit`,
      )
      .all({ period: period.code, limit }) as Record<string, string>[];
    const centre = (code: string): CentreRef => centres.get(code) ?? { code, name: code, type: '', regionCode: '' };
    return {
      period: period.code,
      total: counted.total,
      people: counted.people,
      rows: rows.map((r): OverlapRow => {
        const plain = [r.key_a!, r.key_b!].find(isPlainIdKey) ?? '';
        return {
          programme: r.programme as OverlapProgramme,
          scope: r.scope ?? '',
          name: r.name ?? '',
          idNumber: plain,
          keyHash: plain === '' ? r.match_key!.slice(0, 12) : '',
          a: { centre: centre(r.centre_a!), ref: r.ref_a!, from: r.from_a!, to: r.to_a! },
          b: { centre: centre(r.centre_b!), ref: r.ref_b!, from: r.from_b!, to: r.to_b! },
          overlapFrom: r.overlap_from!,
          overlapTo: r.overlap_to!,
        };
      }),
    };
  }

  /**
   * The left-out people of a period's current packages, filtered by check and centre and paged.
   * Each row says how many other centres left out the same person: plain IDs and keyed hashes are
   * matched through the office key (as the cross-centre check does), so a de-identified package
   * still meets a plain one.
   */
  function leftOut(periodCode: string, filter: { check: string; centre: string; offset: number; limit: number }): LeftOutList {
    const period = parsePeriod(periodCode)!;
    const known = centresOf(period.code);
    const byCode = new Map(known.map((c) => [c.code, c]));
    const reporting = new Set(
      db.prepare(`SELECT DISTINCT centre_code FROM ret_centre_summary WHERE package_id IN (${CURRENT})`).pluck().all({ period: period.code }) as string[],
    );
    const all = db
      .prepare(
        `SELECT DISTINCT centre_code, check_kind, person_key, reason FROM ret_left_out WHERE package_id IN (${CURRENT})`,
      )
      .all({ period: period.code }) as { centre_code: string; check_kind: LeftOutCheck; person_key: string; reason: string }[];
    const match = personKeyOf(readOfficeKey(db, ctx.clock.today()));
    const centresOfPerson = new Map<string, Set<string>>();
    for (const r of all) {
      const key = match(r.person_key);
      const set = centresOfPerson.get(key) ?? new Set<string>();
      set.add(r.centre_code);
      centresOfPerson.set(key, set);
    }
    const centre = (code: string) => byCode.get(code) ?? { code, name: code, type: '', regionCode: '' };
    const order = new Map(known.map((c, i) => [c.code, i]));
    const chosen = all
      .filter((r) => (filter.check === '' || r.check_kind === filter.check) && (filter.centre === '' || r.centre_code === filter.centre))
      .sort(
        (x, y) =>
          (order.get(x.centre_code) ?? known.length) - (order.get(y.centre_code) ?? known.length) ||
          x.centre_code.localeCompare(y.centre_code) ||
          x.check_kind.localeCompare(y.check_kind) ||
          x.person_key.localeCompare(y.person_key),
      );
    const rows = chosen.slice(filter.offset, filter.offset + filter.limit).map((r): LeftOutListRow => {
      const plain = isPlainIdKey(r.person_key);
      return {
        centre: centre(r.centre_code),
        check: r.check_kind,
        reason: r.reason,
        idNumber: plain ? r.person_key : '',
        keyHash: plain ? '' : r.person_key.slice(0, 12),
        otherCentres: (centresOfPerson.get(match(r.person_key))?.size ?? 1) - 1,
      };
    });
    return {
      period: period.code,
      centres: known.filter((c) => reporting.has(c.code)),
      total: chosen.length,
      offset: filter.offset,
      rows,
    };
  }

  return { packages, periods, stats, overlaps, leftOut };
}
