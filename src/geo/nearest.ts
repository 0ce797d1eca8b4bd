/**
 * Nearest item of a flatbush R-tree of lon/lat boxes, by great-circle distance.
 *
 * Flatbush's own `neighbors()` ranks boxes by planar distance in degrees, which is wrong
 * away from the equator and across the antimeridian. This walks the same tree best-first
 * with a spherical lower bound for each node (like geokdbush's `around()` does for kdbush),
 * calling the caller's exact distance only for leaf items that can still win. Hand-written
 * because it is the hot path of distance to shore and nearest anchorage.
 */
import type Flatbush from 'flatbush';
import { EARTH_RADIUS_M } from './distance.js';

const D2R = Math.PI / 180;

export interface Nearest {
  /** item index as added to the tree, -1 when none lies within the bound */
  index: number;
  /** metres; Infinity when none lies within the bound */
  distanceM: number;
}

/**
 * The item nearest to (lat, lon) among those within `maxM` metres. `distanceM(k)` must
 * return the exact distance to item k, never less than the great-circle distance to its box.
 */
export function nearestInIndex(
  tree: Flatbush,
  lat: number,
  lon: number,
  maxM: number,
  distanceM: (k: number) => number,
): Nearest {
  const boxes = tree._boxes;
  const ids = tree._indices;
  const levelBounds = tree._levelBounds;
  const nodeSize4 = tree.nodeSize * 4;
  const numItems4 = tree.numItems * 4;
  const cosY = Math.cos(lat * D2R);
  let bound = maxM;
  let best = Infinity;
  let bestK = -1;
  heap.clear();
  heap.push(boxes.length - 4, 0);
  while (heap.size > 0) {
    if (heap.peekValue() > bound) break;
    const node = heap.pop();
    const end = Math.min(node + nodeSize4, upperBound(node, levelBounds));
    const leaf = node < numItems4;
    for (let pos = node; pos < end; pos += 4) {
      const lb = boxLowerBoundM(lon, lat, cosY, boxes[pos]!, boxes[pos + 1]!, boxes[pos + 2]!, boxes[pos + 3]!);
      if (lb > bound) continue;
      const child = ids[pos >> 2]!;
      if (leaf) {
        const d = distanceM(child);
        if (d < best) {
          best = d;
          bestK = child;
          if (d < bound) bound = d;
        }
      } else {
        heap.push(child, lb);
      }
    }
  }
  return best <= maxM ? { index: bestK, distanceM: best } : { index: -1, distanceM: Infinity };
}

/** Index of the end of the tree level that holds `value` (as flatbush does). */
function upperBound(value: number, arr: number[]): number {
  let i = 0;
  let j = arr.length - 1;
  while (i < j) {
    const m = (i + j) >> 1;
    if (arr[m]! > value) j = m;
    else i = m + 1;
  }
  return arr[i]!;
}

/**
 * A lower bound of the great-circle distance (metres) from P to any point of a lon/lat box.
 * Latitude gap bounds it; so does the distance to the meridian of the nearest box edge
 * (the distance grows with the longitude difference at any fixed latitude).
 */
export function boxLowerBoundM(x: number, y: number, cosY: number, minX: number, minY: number, maxX: number, maxY: number): number {
  const latGap = Math.max(0, minY - y, y - maxY) * D2R;
  let dLon: number;
  if (x >= minX && x <= maxX) dLon = 0;
  else {
    let a = minX - x;
    if (a < 0) a += 360;
    let b = x - maxX;
    if (b < 0) b += 360;
    dLon = a < b ? a : b;
  }
  let lonBound = 0;
  if (dLon >= 90) lonBound = Math.PI / 2 - Math.abs(y) * D2R;
  else if (dLon > 0) {
    // asin(cosY sin d) >= cosY sin d >= cosY (d - d^3/6): no trigonometry on the hot path
    const d = dLon * D2R;
    lonBound = cosY * (d - (d * d * d) / 6);
  }
  return (latGap > lonBound ? latGap : lonBound) * EARTH_RADIUS_M;
}

/** Binary min-heap of (id, value), reused by every query (queries never interleave). */
class MinHeap {
  private ids = new Int32Array(1024);
  private values = new Float64Array(1024);
  size = 0;
  clear(): void {
    this.size = 0;
  }
  peekValue(): number {
    return this.values[0]!;
  }
  push(id: number, value: number): void {
    if (this.size === this.ids.length) {
      const ids = new Int32Array(this.size * 2);
      ids.set(this.ids);
      this.ids = ids;
      const values = new Float64Array(this.size * 2);
      values.set(this.values);
      this.values = values;
    }
    let pos = this.size++;
    while (pos > 0) {
      const parent = (pos - 1) >> 1;
      const pv = this.values[parent]!;
      if (value >= pv) break;
      this.ids[pos] = this.ids[parent]!;
      this.values[pos] = pv;
      pos = parent;
    }
    this.ids[pos] = id;
    this.values[pos] = value;
  }
  pop(): number {
    const top = this.ids[0]!;
    const n = --this.size;
    if (n > 0) {
      const id = this.ids[n]!;
      const value = this.values[n]!;
      let pos = 0;
      const half = n >> 1;
      while (pos < half) {
        let left = (pos << 1) + 1;
        const right = left + 1;
        if (right < n && this.values[right]! < this.values[left]!) left = right;
        if (this.values[left]! >= value) break;
        this.ids[pos] = this.ids[left]!;
        this.values[pos] = this.values[left]!;
        pos = left;
      }
      this.ids[pos] = id;
      this.values[pos] = value;
    }
    return top;
  }
}
const heap = new MinHeap();
