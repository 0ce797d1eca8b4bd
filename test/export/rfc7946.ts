/**
 * A strict shape check of GeoJSON against RFC 7946, for the export tests: a FeatureCollection
 * of Features (`type`, `geometry` a Geometry object or null, `properties` an object or null,
 * `id` a string or number when present), no `crs` member anywhere (section 4), positions of
 * two or three finite numbers with lon in [-180, 180] and lat in [-90, 90] (lon first),
 * LineStrings of at least two positions. Returns the problems found, empty when valid.
 */
type Json = unknown;

function isObj(x: Json): x is Record<string, Json> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function position(p: Json, where: string, out: string[]): void {
  if (!Array.isArray(p) || p.length < 2 || p.length > 3 || !p.every((x) => typeof x === 'number' && Number.isFinite(x))) {
    out.push(`${where}: a position is 2 or 3 finite numbers`);
    return;
  }
  const [lon, lat] = p as number[];
  if (lon! < -180 || lon! > 180) out.push(`${where}: longitude ${lon} out of range (is the order lon,lat?)`);
  if (lat! < -90 || lat! > 90) out.push(`${where}: latitude ${lat} out of range (is the order lon,lat?)`);
}

function geometry(g: Json, where: string, out: string[]): void {
  if (!isObj(g)) return void out.push(`${where}: geometry must be an object or null`);
  if ('crs' in g) out.push(`${where}: no crs member in RFC 7946`);
  const c = g.coordinates;
  switch (g.type) {
    case 'Point':
      return position(c, where, out);
    case 'MultiPoint':
      if (!Array.isArray(c)) return void out.push(`${where}: MultiPoint coordinates must be an array`);
      return c.forEach((p, i) => position(p, `${where}[${i}]`, out));
    case 'LineString':
      if (!Array.isArray(c) || c.length < 2) return void out.push(`${where}: a LineString needs two or more positions`);
      return c.forEach((p, i) => position(p, `${where}[${i}]`, out));
    case 'MultiLineString':
      if (!Array.isArray(c)) return void out.push(`${where}: MultiLineString coordinates must be an array`);
      return c.forEach((l, i) => geometry({ type: 'LineString', coordinates: l }, `${where}[${i}]`, out));
    case 'Polygon':
    case 'MultiPolygon':
    case 'GeometryCollection':
      return void out.push(`${where}: ${String(g.type)} is not expected in darkfleet exports`);
    default:
      out.push(`${where}: unknown geometry type ${String(g.type)}`);
  }
}

export function rfc7946Problems(doc: Json): string[] {
  const out: string[] = [];
  if (!isObj(doc) || doc.type !== 'FeatureCollection') return ['top level must be a FeatureCollection'];
  if ('crs' in doc) out.push('no crs member in RFC 7946');
  if (!Array.isArray(doc.features)) return [...out, 'features must be an array'];
  doc.features.forEach((f, i) => {
    const where = `features[${i}]`;
    if (!isObj(f) || f.type !== 'Feature') return void out.push(`${where}: must be a Feature`);
    if ('crs' in f) out.push(`${where}: no crs member in RFC 7946`);
    if (!('geometry' in f)) out.push(`${where}: geometry member is required (null when unlocated)`);
    else if (f.geometry !== null) geometry(f.geometry, `${where}.geometry`, out);
    if (!('properties' in f) || (f.properties !== null && !isObj(f.properties))) out.push(`${where}: properties must be an object or null`);
    if ('id' in f && typeof f.id !== 'string' && typeof f.id !== 'number') out.push(`${where}: id must be a string or number`);
  });
  return out;
}
