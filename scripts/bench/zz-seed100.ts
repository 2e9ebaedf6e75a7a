import { cachedSeed } from './data';
const t = Date.now();
const c = cachedSeed(100, 1);
console.log(c.file, c.built, (c as { migratedFrom?: number }).migratedFrom, `${((Date.now() - t) / 1000).toFixed(0)} s`);
