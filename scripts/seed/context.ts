// What every part of the generator shares: the options, the random source, the centre's area and
// a tally of rows written per table.
import type { HomeArea } from './names';
import type { Random } from './random';

export interface SeedContext {
  random: Random;
  scale: number;
  /** The day the data ends (nothing is dated after it), YYYY-MM-DD. */
  today: string;
  /** People on the register (50 per unit of scale). */
  peopleTotal: number;
  /** Therapy sessions to generate (10,000 per unit of scale). */
  sessionTarget: number;
  area: HomeArea;
  /** Who the app records as the author of register entries (display name（username）). */
  operator: string;
  /** Who runs the training classes, recorded the same way. */
  trainingOperator: string;
  count(table: string, rows: number): void;
}
