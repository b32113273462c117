/*
 * keepShapesOutOfTabOrder: markers, cluster icons and shapes on the map are not Tab stops, so the
 * keyboard does not walk through hundreds of unnamed dots before reaching the export and legend;
 * the results table (one row per incident, sorted, paged) and the province list are the keyboard's
 * way to them. Leaflet gives marker icons tabindex="0" when it adds them; this takes it away.
 */
const SHAPES = '.leaflet-marker-icon[tabindex], path[tabindex]';

export function keepShapesOutOfTabOrder(container) {
	const strip = (root) => {
		const found = root.matches && root.matches(SHAPES) ? [root] : [];
		if (root.querySelectorAll) { found.push(...root.querySelectorAll(SHAPES)); }
		found.forEach((element) => {
			if (element.getAttribute('tabindex') !== '-1') { element.setAttribute('tabindex', '-1'); }
		});
	};
	strip(container);
	new MutationObserver((mutations) => {
		for (const mutation of mutations) {
			if (mutation.type === 'attributes') {
				strip(mutation.target);
			} else {
				mutation.addedNodes.forEach((node) => strip(node));
			}
		}
	}).observe(container, {subtree: true, childList: true, attributes: true, attributeFilter: ['tabindex']});
}
