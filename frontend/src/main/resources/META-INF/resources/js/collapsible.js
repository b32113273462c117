/*
 * collapsible: a map control's body under a <details> whose <summary> is the control's title, so
 * on a phone the legend and export boxes fold to one line each instead of covering the map.
 * Open on wide screens, folded on narrow ones (the breakpoint of css/map.css) when built.
 */
import {el} from './dom.js';

const NARROW = '(max-width: 760px)';

// title: the heading text; titleClass: its class; children: the body
export function collapsible(title, titleClass, ...children) {
	const details = el('details', {className: 'collapsible'},
		el('summary', {className: 'collapsible-summary'}, el('h2', {className: titleClass}, title)),
		...children);
	details.open = !window.matchMedia(NARROW).matches;
	return details;
}
