/**
 * MMSI checks and the flag state from the MMSI's Maritime Identification Digits.
 *
 * MID -> ISO 3166 alpha-2, derived from the ITU MID list as libais ships it
 * (schwehr/libais docs/mid.csv, Apache-2.0; country names mapped to alpha-2
 * codes, territories to their own code where one exists). Kept private to the
 * detectors until src/ref lands; VesselStatic.flag wins when a source set it.
 */

/** Five characters per entry: three MID digits then the alpha-2 code. */
const TABLE =
  '201AL202AD203AT204PT205BE206BY207BG208VA209CY210CY211DE212CY213GE214MD215MT216AM218DE219DK220DK224ES' +
  '225ES226FR227FR228FR229MT230FI231FO232GB233GB234GB235GB236GI237GR238HR239GR240GR241GR242MA243HU244NL' +
  '245NL246NL247IT248MT249MT250IE251IS252LI253LU254MC255PT256MT257NO258NO259NO261PL262ME263PT264RO265SE' +
  '266SE267SK268SM269CH270CZ271TR272UA273RU274MK275LV276EE277LT278SI279RS301AI303US304AG305AG306BQ307AW' +
  '308BS309BS310BM311BS312BZ314BB316CA319KY321CR323CU325DM327DO329GP330GD331GL332GT334HN336HT338US339JM' +
  '341KN343LC345MX347MQ348MS350NI351PA352PA353PA354PA355PA356PA357PA358PR359SV361PM362TT364TC366US367US' +
  '368US369US370PA371PA372PA373PA375VC376VC377VC378VG379VI401AF403SA405BD408BH410BT412CN413CN414CN416TW' +
  '417LK419IN422IR423AZ425IQ428IL431JP432JP434TM436KZ437UZ438JO440KR441KR443PS445KP447KW450LB451KG453MO' +
  '455MV457MN459NP461OM463PK466QA468SY470AE472TJ473YE475YE477HK478BA501TF503AU506MM508BN510FM511PW512NZ' +
  '514KH515KH516CX518CK520FJ523CC525ID529KI531LA533MY536MP538MH540NC542NU544NR546PF548PH553PG555PN557SB' +
  '559AS561WS563SG564SG565SG566SG567TH570TO572TV574VN576VU577VU578WF601ZA603AO605DZ607TF608AC609BI610BJ' +
  '611BW612CF613CM615CG616KM617CV618TF619CI620KM621DJ622EG624ET625ER626GA627GH629GM630GW631GQ632GN633BF' +
  '634KE635TF636LR637LR638SS642LY644LS645MU647MG649ML650MZ654MR655MW656NE657NG659NA660RE661RW662SD663SN' +
  '664SC665SH666SO667SL668ST669SZ670TD671TG672TN674TZ675UG676CD677TZ678ZM679ZW701AR710BR720BO725CL730CO' +
  '735EC740FK745GF750GY755PY760PE765SR770UY775VE';

const MID_FLAG = new Map<number, string>();
for (let i = 0; i < TABLE.length; i += 5) MID_FLAG.set(Number(TABLE.slice(i, i + 3)), TABLE.slice(i + 3, i + 5));

/** ISO alpha-2 flag of an assigned MID, or null. */
export function midFlag(mid: number): string | null {
  return MID_FLAG.get(mid) ?? null;
}

/**
 * MID of an MMSI by its kind (ITU-R M.585): ship 9 digits MIDxxxxxx; coast
 * station 00MIDxxxx; group 0MIDxxxxx; SAR aircraft 111MIDxxx; craft associated
 * with a parent ship 98MIDxxxx; aids to navigation 99MIDxxxx; handheld 8MIDxxxxx.
 */
export function mmsiMid(mmsi: number): number | null {
  if (!Number.isInteger(mmsi) || mmsi <= 0 || mmsi > 999_999_999) return null;
  const s = String(mmsi).padStart(9, '0');
  if (s.startsWith('00')) return Number(s.slice(2, 5));
  if (s.startsWith('0')) return Number(s.slice(1, 4));
  if (s.startsWith('111')) return Number(s.slice(3, 6));
  if (s.startsWith('98') || s.startsWith('99')) return Number(s.slice(2, 5));
  if (s.startsWith('8')) return Number(s.slice(1, 4));
  return Number(s.slice(0, 3));
}

/** Flag (alpha-2) from an MMSI's MID, null when the MID is unassigned. */
export function flagFromMmsi(mmsi: number): string | null {
  const mid = mmsiMid(mmsi);
  return mid == null ? null : midFlag(mid);
}

export type MmsiProblem = 'out_of_range' | 'unassigned_mid' | 'repeated_digits';

/**
 * Why an MMSI that sends ship position reports cannot be a real ship's, or
 * null. Ships are 201000000-775999999 (MIDs 2xx-7xx); other MMSI kinds
 * (coast stations, SAR aircraft, aids to navigation, craft of a parent ship,
 * handhelds, SART/MOB/EPIRB 97x) are legitimate but not ships and are not
 * reported here. "Repeated digits": the six digits after the MID all equal
 * (412000000, 273333333), a three-digit block repeated (574574574), or a
 * counting run (123456789): defaults and placeholders typed into transponders.
 */
export function mmsiProblem(mmsi: number): MmsiProblem | null {
  const s = String(mmsi).padStart(9, '0');
  if (/^(\d)\1{8}$/.test(s)) return 'repeated_digits';
  if (!(mmsi >= 201_000_000 && mmsi <= 775_999_999)) {
    if (s.length !== 9 || !/^(0|111|98|99|97|8)/.test(s)) return 'out_of_range';
    // another kind of station: fine when its MID is assigned (97x SART/MOB/EPIRB carry none)
    if (s.startsWith('97')) return null;
    const mid = mmsiMid(mmsi);
    return mid != null && midFlag(mid) != null ? null : 'unassigned_mid';
  }
  if (midFlag(Number(s.slice(0, 3))) == null) return 'unassigned_mid';
  const tail = s.slice(3);
  if (/^(\d)\1{5}$/.test(tail)) return 'repeated_digits';
  if (s.slice(0, 3) === s.slice(3, 6) && s.slice(3, 6) === s.slice(6, 9)) return 'repeated_digits';
  if (s === '123456789' || s === '987654321') return 'repeated_digits';
  return null;
}

/** IMO number check digit (7 digits, weights 7..2 on the first six, last digit = sum mod 10). */
export function validImo(imo: number): boolean {
  if (!Number.isInteger(imo) || imo < 1_000_000 || imo > 9_999_999) return false;
  let n = imo;
  const check = n % 10;
  n = Math.floor(n / 10);
  let sum = 0;
  for (let w = 2; w <= 7; w++) {
    sum += (n % 10) * w;
    n = Math.floor(n / 10);
  }
  return sum % 10 === check;
}
