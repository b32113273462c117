/*
 * SpreadList: the order in which provinces were first reached (/api/provinces/spread), as an
 * ordered list (#spread-list) of buttons, each province with the month of its first incident.
 * During a playback it fills as it plays: only the provinces reached by the frame's month are
 * listed. A button opens the province's popup (onOpen(code)), so provinces are reachable by keyboard.
 */
import {el} from './dom.js';
import {formatDate, lastDayOfMonth} from './dates.js';
import {countryName} from './countries.js';

export class SpreadList {

	// list: ol#spread-list; caption: p#spread-caption; onOpen(code)
	constructor(list, caption, onOpen) {
		this.list = list;
		this.caption = caption;
		this.onOpen = onOpen;
		this.entries = [];
		this.month = null;
	}

	// entries: the answer of /api/provinces/spread
	setEntries(entries) {
		this.entries = entries;
		this._render();
	}

	// month: the frame being played (dates.js month number), or null for the whole list
	setMonth(month) {
		this.month = month;
		this._render();
	}

	_render() {
		const until = this.month === null ? null : lastDayOfMonth(this.month);
		const shown = this.entries.filter((e) => e.firstDate && (until === null || e.firstDate <= until));
		this.list.replaceChildren(...shown.map((entry) => {
			const name = entry.name || entry.code;
			const button = el('button', {type: 'button', dataset: {code: entry.code}}, name);
			button.addEventListener('click', () => this.onOpen(entry.code));
			return el('li', {dataset: {code: entry.code, first: entry.firstDate}}, button,
				entry.country ? ' (' + countryName(entry.country) + ')' : '', ' ',
				el('span', {className: 'spread-month'}, formatDate(entry.firstDate, 'month')));
		}));
		this.caption.textContent = this.entries.length === 0 ? 'No province reached.' :
			until === null ? this.entries.length + ' provinces, in the order their first incident started.' :
				shown.length + ' of ' + this.entries.length + ' provinces reached by ' + formatDate(until, 'month') + '.';
	}
}
