/*
 * Classes for a choropleth of counts: zero is a class of its own, the non-zero counts are cut
 * into at most `n` quantile classes (fewer when there are fewer distinct counts), so a handful
 * of hot spots do not flatten every other province into the first class.
 */

// Upper bounds (inclusive) of the non-zero classes, ascending and distinct: [1, 3, 7, 20, 112].
export function quantileBreaks(counts, n = 5) {
	const values = counts.filter((c) => c > 0).sort((a, b) => a - b);
	if (values.length === 0) { return []; }
	const breaks = [];
	for (let i = 1; i <= n; i++) {
		const bound = values[Math.min(values.length - 1, Math.ceil(i * values.length / n) - 1)];
		if (!breaks.includes(bound)) { breaks.push(bound); }
	}
	return breaks;
}

// Breaks fixed over a whole playback: the quantiles of every count any frame can show (each
// province's count in each frame, pooled), so one colour means one range in every frame.
export function fixedBreaks(frames, n = 5) {
	return quantileBreaks(frames.flat(), n);
}

// 0 for a zero count, else 1 + the index of the first break the count does not exceed.
export function classOf(count, breaks) {
	if (!(count > 0)) { return 0; }
	const i = breaks.findIndex((bound) => count <= bound);
	return 1 + (i < 0 ? breaks.length - 1 : i);
}

// Labels of the classes: ["0", "1", "2–3", "4–7", …].
export function classLabels(breaks) {
	const labels = ['0'];
	let low = 1;
	for (const bound of breaks) {
		labels.push(low === bound ? String(bound) : low + '–' + bound);
		low = bound + 1;
	}
	return labels;
}

// Fill colours for class 0 … 5: a neutral slate ramp, a hue none of the category dots uses (they are
// red, purple, orange, blue and green), so shading never reads as a category; class 0 is near white.
export const CLASS_COLOURS = ['#f6f7f8', '#dfe3e7', '#bcc4cc', '#909ca8', '#5f6e7c', '#2f3b46'];

// How opaque a province of class `cls` is drawn over the basemap (class 0 lighter still).
export function classOpacity(cls) {
	return cls === 0 ? 0.35 : 0.65;
}

// The outline of every incident dot (provinces.css, .leaflet-incidentPoints-pane path.incident): dark, so a dot
// has at least 3:1 against every class above at its opacity (the category colours themselves cannot: orange has
// under 3:1 even against white); ChoroplethContrastBrowserTest computes it.
export const DOT_OUTLINE = '#1f2a33';

// The colours for `classes` non-zero classes: spread over the ramp so 2 classes are not both pale.
export function classColours(classes) {
	if (classes <= 0) { return [CLASS_COLOURS[0]]; }
	const ramp = CLASS_COLOURS.slice(1);
	const colours = [CLASS_COLOURS[0]];
	for (let i = 0; i < classes; i++) {
		colours.push(ramp[classes === 1 ? ramp.length - 1 : Math.round(i * (ramp.length - 1) / (classes - 1))]);
	}
	return colours;
}
