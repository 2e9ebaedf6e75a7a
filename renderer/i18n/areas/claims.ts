// Texts of the claims screens: Simplified Chinese first, English with exactly the same keys.
import type { Shape } from '../shape';

const zh = {};

const en: Shape<typeof zh> = {};

export default { zh, en };
