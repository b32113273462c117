/*
 * Plain GeoJSON geometry helpers (no Leaflet): the extent of a geometry, for lists that test
 * "in the map's view" and fly to an incident without needing its marker.
 */

// [[lon, lat], …] of any geometry's coordinates.
export function positionsOf(geometry) {
	if (!geometry || !Array.isArray(geometry.coordinates)) { return []; }
	const walk = (c) => (typeof c[0] === 'number' ? [c] : c.flatMap(walk));
	return walk(geometry.coordinates);
}

// {west, south, east, north} of a geometry, or null when it has no coordinates.
export function extentOf(geometry) {
	const positions = positionsOf(geometry);
	if (positions.length === 0) { return null; }
	const lons = positions.map((p) => p[0]);
	const lats = positions.map((p) => p[1]);
	return {west: Math.min(...lons), south: Math.min(...lats), east: Math.max(...lons), north: Math.max(...lats)};
}

// true when the extents share a point (edges included).
export function overlaps(a, b) {
	return !!a && !!b && a.west <= b.east && b.west <= a.east && a.south <= b.north && b.south <= a.north;
}
