/*
 * Spreading stacked markers on demand ("spiderfy"): incidents geocoded to the same town sit on
 * the same spot. Markers stay on their true positions; clicking a marker that hides others
 * (within `cell` pixels at the current zoom) lays that group out in rings `spacing` pixels apart
 * around it, with a leg to the true spot, until the map moves or zooms (restore()).
 */
import {polyline} from 'leaflet';

// The markers among `markers` drawn within `cell` pixels of `marker` (itself included).
export function overlapping(map, marker, markers, cell = 8) {
	const zoom = map.getZoom();
	const at = map.project(marker.getLatLng(), zoom);
	return markers.filter((other) => map.project(other.trueLatLng || other.getLatLng(), zoom).distanceTo(at) <= cell);
}

// Lays `group` out in rings around the first one's true position; returns a function that puts
// every marker back and removes the legs.
export function spread(map, group, {spacing = 16} = {}) {
	const zoom = map.getZoom();
	const centre = group[0].trueLatLng || group[0].getLatLng();
	const c = map.project(centre, zoom);
	const legs = [];
	group.sort((a, b) => order(a) - order(b));
	ringOffsets(group.length, spacing).forEach(([dx, dy], i) => {
		const marker = group[i];
		if (!marker.trueLatLng) { marker.trueLatLng = marker.getLatLng(); }
		const spot = map.unproject([c.x + dx, c.y + dy], zoom);
		marker.setLatLng(spot);
		legs.push(polyline([centre, spot], {className: 'spread-leg', weight: 1, color: '#555', interactive: false}).addTo(map));
	});
	return () => {
		legs.forEach((leg) => leg.remove());
		group.forEach((marker) => { if (marker.trueLatLng) { marker.setLatLng(marker.trueLatLng); } });
	};
}

// Offsets for n markers: rings of radius spacing, 2·spacing, … each filled to its circumference.
function ringOffsets(n, spacing) {
	const offsets = [];
	for (let ring = 1; offsets.length < n; ring++) {
		const radius = ring * spacing;
		const capacity = Math.max(1, Math.floor(2 * Math.PI * radius / spacing));
		const count = Math.min(capacity, n - offsets.length);
		for (let i = 0; i < count; i++) {
			const angle = -Math.PI / 2 + (2 * Math.PI * i) / count + ring * 0.4;
			offsets.push([radius * Math.cos(angle), radius * Math.sin(angle)]);
		}
	}
	return offsets;
}

// Stable order within a group, so markers do not swap places between spreads.
function order(marker) {
	const id = marker.feature && marker.feature.id;
	return typeof id === 'number' ? id : 0;
}
