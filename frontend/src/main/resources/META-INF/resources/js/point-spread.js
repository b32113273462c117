/*
 * spreadPoints: keeps point markers that fall on the same spot (many incidents are geocoded to
 * the same town) from hiding each other. Markers within `cell` pixels of each other at the
 * current zoom are laid out in rings around their mean position, `spacing` pixels apart;
 * a marker alone stays on its true position. Call again after zooming or showing other markers.
 *
 * Each marker's true position is kept in marker.trueLatLng (set on first call).
 */
export function spreadPoints(map, markers, {cell = 10, spacing = 13} = {}) {
	const zoom = map.getZoom();
	const groups = new Map();
	for (const marker of markers) {
		if (!marker.trueLatLng) { marker.trueLatLng = marker.getLatLng(); }
		const point = map.project(marker.trueLatLng, zoom);
		const key = Math.round(point.x / cell) + ':' + Math.round(point.y / cell);
		if (!groups.has(key)) { groups.set(key, []); }
		groups.get(key).push({marker, point});
	}
	for (const group of groups.values()) {
		if (group.length === 1) {
			moveTo(group[0].marker, group[0].marker.trueLatLng);
			continue;
		}
		const cx = group.reduce((sum, g) => sum + g.point.x, 0) / group.length;
		const cy = group.reduce((sum, g) => sum + g.point.y, 0) / group.length;
		group.sort((a, b) => order(a.marker) - order(b.marker));
		ringOffsets(group.length, spacing).forEach(([dx, dy], i) => {
			moveTo(group[i].marker, map.unproject([cx + dx, cy + dy], zoom));
		});
	}
}

// Offsets for n markers: rings of radius spacing, 2·spacing, … each filled to its circumference.
function ringOffsets(n, spacing) {
	const offsets = [];
	for (let ring = 1; offsets.length < n; ring++) {
		const radius = ring * spacing * 0.9;
		const capacity = Math.max(1, Math.floor(2 * Math.PI * radius / spacing));
		const count = Math.min(capacity, n - offsets.length);
		for (let i = 0; i < count; i++) {
			const angle = -Math.PI / 2 + (2 * Math.PI * i) / count + ring * 0.4;
			offsets.push([radius * Math.cos(angle), radius * Math.sin(angle)]);
		}
	}
	return offsets;
}

// Stable order within a group, so markers do not swap places between redraws.
function order(marker) {
	const id = marker.feature && marker.feature.id;
	return typeof id === 'number' ? id : 0;
}

function moveTo(marker, latlng) {
	if (!marker.getLatLng().equals(latlng)) {
		marker.setLatLng(latlng);
	}
}
