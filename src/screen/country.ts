/**
 * Flag states compared across sources that spell them differently: OFAC writes
 * "Democratic People's Republic of Korea", the ITU MID table "Korea (Democratic People's
 * Republic of)", FollowTheMoney "kp", AIS users "KP". Every spelling is reduced to an
 * ISO 3166 alpha-2 code when the table knows it, else to a cleaned name, so equality is
 * the comparison.
 */

// code: names and common variants (already cleaned: lower case, no punctuation)
const TABLE: Record<string, string> = {
  AD: 'andorra', AE: 'united arab emirates|uae', AF: 'afghanistan', AG: 'antigua and barbuda|antigua',
  AI: 'anguilla', AL: 'albania', AM: 'armenia', AO: 'angola', AR: 'argentina|argentine republic',
  AS: 'american samoa', AT: 'austria', AU: 'australia', AW: 'aruba', AZ: 'azerbaijan',
  BA: 'bosnia and herzegovina', BB: 'barbados', BD: 'bangladesh', BE: 'belgium', BF: 'burkina faso',
  BG: 'bulgaria', BH: 'bahrain', BI: 'burundi', BJ: 'benin', BM: 'bermuda', BN: 'brunei|brunei darussalam',
  BO: 'bolivia', BR: 'brazil', BS: 'bahamas|the bahamas', BT: 'bhutan', BW: 'botswana', BY: 'belarus',
  BZ: 'belize', CA: 'canada', CD: 'democratic republic of the congo|congo democratic republic|drc|congo kinshasa',
  CF: 'central african republic', CG: 'congo|republic of the congo|congo brazzaville', CH: 'switzerland',
  CI: 'cote divoire|ivory coast', CK: 'cook islands', CL: 'chile', CM: 'cameroon', CN: 'china|prc',
  CO: 'colombia', CR: 'costa rica', CU: 'cuba', CV: 'cabo verde|cape verde', CY: 'cyprus',
  CZ: 'czech republic|czechia', DE: 'germany', DJ: 'djibouti', DK: 'denmark', DM: 'dominica',
  DO: 'dominican republic', DZ: 'algeria', EC: 'ecuador', EE: 'estonia', EG: 'egypt', ER: 'eritrea',
  ES: 'spain', ET: 'ethiopia', FI: 'finland', FJ: 'fiji', FK: 'falkland islands|falkland islands malvinas',
  FM: 'micronesia|federated states of micronesia', FO: 'faroe islands', FR: 'france', GA: 'gabon|gabonese republic',
  GB: 'united kingdom|united kingdom of great britain and northern ireland|uk|great britain',
  GD: 'grenada', GE: 'georgia', GF: 'french guiana|guiana', GH: 'ghana', GI: 'gibraltar', GL: 'greenland',
  GM: 'gambia|the gambia', GN: 'guinea', GP: 'guadeloupe', GQ: 'equatorial guinea', GR: 'greece',
  GT: 'guatemala', GW: 'guinea bissau', GY: 'guyana', HK: 'hong kong', HN: 'honduras', HR: 'croatia',
  HT: 'haiti', HU: 'hungary', ID: 'indonesia', IE: 'ireland', IL: 'israel', IN: 'india', IQ: 'iraq',
  IR: 'iran|islamic republic of iran', IS: 'iceland', IT: 'italy', JM: 'jamaica', JO: 'jordan', JP: 'japan',
  KE: 'kenya', KG: 'kyrgyzstan|kyrgyz republic', KH: 'cambodia', KI: 'kiribati', KM: 'comoros',
  KN: 'saint kitts and nevis|st kitts and nevis|st kitts nevis|saint kitts nevis',
  KP: 'north korea|democratic peoples republic of korea|korea democratic peoples republic of|korea north|dprk',
  KR: 'south korea|republic of korea|korea|korea south|korea republic of', KW: 'kuwait', KY: 'cayman islands',
  KZ: 'kazakhstan', LA: 'laos|lao peoples democratic republic', LB: 'lebanon', LC: 'saint lucia|st lucia',
  LI: 'liechtenstein', LK: 'sri lanka', LR: 'liberia', LS: 'lesotho', LT: 'lithuania', LU: 'luxembourg',
  LV: 'latvia', LY: 'libya', MA: 'morocco', MC: 'monaco', MD: 'moldova', ME: 'montenegro', MG: 'madagascar',
  MH: 'marshall islands', MK: 'north macedonia|macedonia|the former yugoslav republic of macedonia',
  ML: 'mali', MM: 'myanmar|burma', MN: 'mongolia', MO: 'macao|macau', MP: 'northern mariana islands',
  MQ: 'martinique', MR: 'mauritania', MS: 'montserrat', MT: 'malta', MU: 'mauritius', MV: 'maldives',
  MW: 'malawi', MX: 'mexico', MY: 'malaysia', MZ: 'mozambique', NA: 'namibia', NC: 'new caledonia',
  NE: 'niger', NG: 'nigeria', NI: 'nicaragua', NL: 'netherlands|the netherlands|holland', NO: 'norway',
  NP: 'nepal', NR: 'nauru', NU: 'niue', NZ: 'new zealand', OM: 'oman', PA: 'panama', PE: 'peru',
  PF: 'french polynesia', PG: 'papua new guinea', PH: 'philippines', PK: 'pakistan', PL: 'poland',
  PM: 'saint pierre and miquelon', PR: 'puerto rico', PS: 'palestine|state of palestine', PT: 'portugal',
  PW: 'palau', PY: 'paraguay', QA: 'qatar', RE: 'reunion', RO: 'romania', RS: 'serbia',
  RU: 'russia|russian federation', RW: 'rwanda', SA: 'saudi arabia', SB: 'solomon islands', SC: 'seychelles',
  SD: 'sudan', SE: 'sweden', SG: 'singapore', SH: 'saint helena', SI: 'slovenia', SK: 'slovakia|slovak republic',
  SL: 'sierra leone', SM: 'san marino', SN: 'senegal', SO: 'somalia', SR: 'suriname', SS: 'south sudan',
  ST: 'sao tome and principe', SV: 'el salvador', SY: 'syria|syrian arab republic', SZ: 'eswatini|swaziland',
  TC: 'turks and caicos islands', TD: 'chad', TG: 'togo|togolese republic', TH: 'thailand', TJ: 'tajikistan',
  TL: 'timor leste|east timor', TM: 'turkmenistan', TN: 'tunisia', TO: 'tonga', TR: 'turkey|turkiye',
  TT: 'trinidad and tobago', TV: 'tuvalu', TW: 'taiwan', TZ: 'tanzania|united republic of tanzania',
  UA: 'ukraine', UG: 'uganda', US: 'united states|united states of america|usa', UY: 'uruguay',
  UZ: 'uzbekistan', VA: 'vatican|vatican city state|holy see', VC: 'saint vincent and the grenadines|st vincent and the grenadines|st vincent',
  VE: 'venezuela', VG: 'british virgin islands', VI: 'united states virgin islands|us virgin islands',
  VN: 'vietnam|viet nam', VU: 'vanuatu', WF: 'wallis and futuna islands|wallis and futuna', WS: 'samoa',
  YE: 'yemen', ZA: 'south africa', ZM: 'zambia', ZW: 'zimbabwe',
};

const BY_NAME = new Map<string, string>();
for (const [code, names] of Object.entries(TABLE)) {
  for (const n of names.split('|')) BY_NAME.set(n, code);
}

// values that mean "no flag known" in the lists
const UNKNOWN = new Set(['', 'none identified', 'unknown', 'none', 'stateless', 'false flag']);

/**
 * ISO alpha-2 code (upper case) for a flag or country as any source spells it; a cleaned
 * name when the table does not know it; null when it says nothing.
 */
export function flagKey(raw: string | null | undefined): string | null {
  if (!raw) return null;
  let s = raw.trim();
  if (/^[A-Za-z]{2}$/.test(s)) {
    const code = s.toUpperCase();
    return code === 'UK' ? 'GB' : code;
  }
  // ITU style "Hong Kong (...) - China (...)": the territory is the part before " - "
  const dash = s.indexOf(' - ');
  if (dash > 0) s = s.slice(0, dash);
  const full = clean(s);
  if (UNKNOWN.has(full)) return null;
  const hit = BY_NAME.get(full);
  if (hit) return hit;
  // "Iran (Islamic Republic of)" -> "iran"
  const bare = clean(s.replace(/\([^)]*\)/g, ' '));
  return BY_NAME.get(bare) ?? (bare || null);
}

function clean(s: string): string {
  return s
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/\bst\./g, 'st')
    .replace(/['\u2019]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}
