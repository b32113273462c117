/*
 * sparkline: a small inline SVG line of values over time, no axes, with an optional shaded
 * band for the current time window. Points are [{start, end, value}] (dates YYYY-MM-DD) in time order.
 */
const SVG = 'http://www.w3.org/2000/svg';

export function svgEl(tag, attributes = {}) {
	const element = document.createElementNS(SVG, tag);
	for (const [name, value] of Object.entries(attributes)) {
		element.setAttribute(name, String(value));
	}
	return element;
}

// options: {width, height, window: {from, to} (either may be ''), label (accessible text)}
export function sparkline(points, {width = 220, height = 44, window = null, label = ''} = {}) {
	const svg = svgEl('svg', {
		class: 'sparkline', width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': label
	});
	if (label) {
		svg.append(svgEl('title'));
		svg.lastChild.textContent = label;
	}
	if (points.length === 0) { return svg; }
	const max = Math.max(1, ...points.map((p) => p.value));
	const step = points.length > 1 ? (width - 2) / (points.length - 1) : 0;
	const x = (i) => 1 + i * step;
	const y = (v) => height - 2 - (v / max) * (height - 6);

	if (window && (window.from || window.to)) {
		const inWindow = points.map((p, i) => ({p, i})).filter(({p}) =>
			(!window.to || p.start <= window.to) && (!window.from || p.end >= window.from));
		if (inWindow.length > 0) {
			const first = x(inWindow[0].i) - step / 2;
			const last = x(inWindow[inWindow.length - 1].i) + step / 2;
			svg.append(svgEl('rect', {
				class: 'sparkline-window', x: Math.max(0, first), y: 0,
				width: Math.max(2, Math.min(width, last) - Math.max(0, first)), height
			}));
		}
	}
	const line = points.map((p, i) => (i === 0 ? 'M' : 'L') + x(i).toFixed(1) + ',' + y(p.value).toFixed(1)).join('');
	svg.append(svgEl('path', {
		class: 'sparkline-area', d: line + `L${x(points.length - 1).toFixed(1)},${height - 1}L${x(0).toFixed(1)},${height - 1}Z`
	}));
	svg.append(svgEl('path', {class: 'sparkline-line', d: line}));
	return svg;
}
