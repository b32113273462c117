/*
 * boundaryLayer: optional admin boundaries drawn as thin grey lines under the incidents, so the
 * map keeps its bearings when the tile server cannot be reached (map.css shows the pane only
 * while the basemap is offline). Used only when /api/config names a `boundariesUrl` (a GeoJSON
 * FeatureCollection of areas); not interactive, never blocks the page.
 */
import {geoJSON} from 'leaflet';

const PANE = 'boundaries';

export function boundaryLayer(map, collection) {
	if (!map.getPane(PANE)) {
		map.createPane(PANE).style.zIndex = '350'; // above tiles (200), below incidents (395+)
	}
	return geoJSON(collection, {
		pane: PANE,
		interactive: false,
		style: {color: '#8a97a0', weight: 0.8, opacity: 0.9, fill: true, fillColor: '#ffffff', fillOpacity: 0.6},
		filter: (feature) => !!feature.geometry && !/Point/.test(feature.geometry.type)
	});
}
