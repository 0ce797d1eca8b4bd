import { loadList } from './src/screen/load.js';
import { Screener } from './src/screen/screen.js';
import { perturbName, prng, madeUpName } from './test/screen/perturb.js';
import { normalizeVesselName } from './src/screen/normalize.js';
for (const y of ['2019', '2021']) {
  const l = await loadList(`/work/shared/data/sanctions/ofac_sdn_${y}`);
  const s = new Screener([l]);
  const vessels = l.entities.filter(e => e.schema === 'Vessel');
  const rnd = prng(42);
  let n = 0, ok = 0; const miss: string[] = []; const byP: Record<string, [number, number]> = {};
  for (const v of vessels) for (let k = 0; k < 5; k++) {
    const p = perturbName(v.name, rnd);
    const hit = s.screen({ name: p.name }).some(h => h.entity.id === v.id);
    n++; if (hit) ok++; else miss.push(`${v.name} -> ${p.name} [${p.applied}]`);
    for (const a of p.applied) { byP[a] ??= [0, 0]; byP[a][0]++; if (hit) byP[a][1]++; }
  }
  console.log(y, 'recall', ok / n, n, Object.entries(byP).map(([k, [a, b]]) => `${k}:${(b / a).toFixed(3)}`).join(' '));
  console.log(miss.slice(0, 40).join('\n'));
  const listed = new Set(vessels.flatMap(v => [v.name, ...v.aliases, ...v.formerNames]).map(x => normalizeVesselName(x).compact));
  const r2 = prng(7); let m = 0, fh = 0, excl = 0; const fhs: string[] = [];
  while (m < 5000) { const name = madeUpName(r2); if (listed.has(normalizeVesselName(name).compact)) { excl++; continue; } m++; const h = s.screen({ name }); if (h.length) { fh++; fhs.push(name + ' => ' + h[0]!.entity.name + ' ' + h[0]!.score); } }
  console.log('false hits', fh / m, 'excluded', excl); console.log(fhs.slice(0, 30).join('\n'));
}
