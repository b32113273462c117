/*
 * TimeFilter: the time window controls in the side panel.
 *
 * - #from / #to date inputs (their `change` event counts as a change),
 * - a two-handle month slider made of two overlaid input[type=range] (values are month numbers,
 *   see dates.js); the "from" handle sets the first day of its month, the "to" handle the last,
 * - quick range buttons: button[data-range="all"], one per year with data (data-range="2022"),
 *   and data-range="last12" for the last 12 months of data.
 *
 * An empty date means "no limit". Every user change calls onChange({from, to}); setValue()
 * (used when restoring state) does not.
 */
import {el} from './dom.js';
import {firstDayOfMonth, formatDate, lastDayOfMonth, monthLabel, monthOf, today} from './dates.js';

export class TimeFilter {

	// elements: {from, to, slider, quickRanges, summary}; onChange({from, to})
	constructor(elements, onChange) {
		this.fromInput = elements.from;
		this.toInput = elements.to;
		this.slider = elements.slider;
		this.sliderFrom = elements.slider.querySelector('.month-slider-from');
		this.sliderTo = elements.slider.querySelector('.month-slider-to');
		this.sliderFill = elements.slider.querySelector('.month-slider-fill');
		this.sliderLabels = elements.sliderLabels;
		this.quickRanges = elements.quickRanges;
		this.summary = elements.summary;
		this.onChange = onChange;
		this._ranges = [];
		this.setExtent(null, null);

		const dateChanged = () => {
			this._clearInvalid();
			this._sync();
			this._changed();
		};
		this.fromInput.addEventListener('change', dateChanged);
		this.toInput.addEventListener('change', dateChanged);
		this.sliderFrom.addEventListener('input', () => this._slid(this.sliderFrom));
		this.sliderTo.addEventListener('input', () => this._slid(this.sliderTo));
	}

	// [firstDate, lastDate] over the categories of /api/categories (nulls when there is no data).
	static extentOf(categories) {
		const firsts = categories.map((c) => c.firstDate).filter(Boolean).sort();
		const lasts = categories.map((c) => c.lastDate).filter(Boolean).sort();
		return [firsts[0] || null, lasts[lasts.length - 1] || null];
	}

	value() {
		return {from: this.fromInput.value || '', to: this.toInput.value || ''};
	}

	setValue({from = '', to = ''}) {
		this.fromInput.value = from;
		this.toInput.value = to;
		this._sync();
	}

	// The span of the data (YYYY-MM-DD or null); sets the slider's ends and the quick ranges.
	setExtent(firstDate, lastDate) {
		const last = monthOf(lastDate || today());
		const first = Math.min(monthOf(firstDate || '2019-01-01'), last);
		this.minMonth = first;
		this.maxMonth = last;
		for (const input of [this.sliderFrom, this.sliderTo]) {
			input.min = String(first);
			input.max = String(last);
		}
		if (this.sliderLabels) {
			this.sliderLabels.min.textContent = monthLabel(first);
			this.sliderLabels.max.textContent = monthLabel(last);
		}
		this._buildQuickRanges(Math.floor(first / 12), Math.floor(last / 12), last);
		this._sync();
	}

	// Flags the input the server complained about (problem+json `parameter`).
	markInvalid(parameter) {
		const input = parameter === 'from' ? this.fromInput : parameter === 'to' ? this.toInput : null;
		if (input) { input.setAttribute('aria-invalid', 'true'); }
	}

	_clearInvalid() {
		this.fromInput.removeAttribute('aria-invalid');
		this.toInput.removeAttribute('aria-invalid');
	}

	_buildQuickRanges(firstYear, lastYear, lastMonth) {
		this._ranges = [{key: 'all', label: 'All', from: '', to: ''}];
		for (let year = firstYear; year <= lastYear; year++) {
			this._ranges.push({key: String(year), label: String(year), from: year + '-01-01', to: year + '-12-31'});
		}
		this._ranges.push({
			key: 'last12', label: 'Last 12 months of data',
			from: firstDayOfMonth(lastMonth - 11), to: lastDayOfMonth(lastMonth)
		});
		this.quickRanges.replaceChildren(...this._ranges.map((range) => {
			const button = el('button', {
				type: 'button', className: 'quick-range', dataset: {range: range.key}, 'aria-pressed': 'false',
				title: range.from ? formatDate(range.from) + ' – ' + formatDate(range.to) : 'No time limit'
			}, range.label);
			button.addEventListener('click', () => {
				this._clearInvalid();
				this.setValue(range);
				this._changed();
			});
			return button;
		}));
	}

	_slid(input) {
		let a = Number(this.sliderFrom.value);
		let b = Number(this.sliderTo.value);
		if (a > b) { // handles may meet but not cross
			if (input === this.sliderFrom) { a = b; this.sliderFrom.value = String(a); }
			else { b = a; this.sliderTo.value = String(b); }
		}
		if (input === this.sliderFrom) {
			this.fromInput.value = firstDayOfMonth(a);
		} else {
			this.toInput.value = lastDayOfMonth(b);
		}
		this._clearInvalid();
		this._sync();
		this._changed();
	}

	// Slider handles, fill, pressed quick range and summary follow the date inputs.
	_sync() {
		const {from, to} = this.value();
		const clamp = (m) => Math.min(this.maxMonth, Math.max(this.minMonth, m));
		const a = from ? clamp(monthOf(from)) : this.minMonth;
		const b = to ? clamp(monthOf(to)) : this.maxMonth;
		this.sliderFrom.value = String(Math.min(a, b));
		this.sliderTo.value = String(b);
		// when both handles sit at the right end, the "from" one must stay grabbable
		this.sliderFrom.classList.toggle('on-top', Math.min(a, b) >= this.maxMonth);

		const span = Math.max(1, this.maxMonth - this.minMonth);
		this.sliderFill.style.left = ((Math.min(a, b) - this.minMonth) / span * 100) + '%';
		this.sliderFill.style.right = ((this.maxMonth - b) / span * 100) + '%';

		for (const button of this.quickRanges.querySelectorAll('button[data-range]')) {
			const range = this._ranges.find((r) => r.key === button.dataset.range);
			button.setAttribute('aria-pressed', String(!!range && range.from === from && range.to === to));
		}
		this.summary.textContent = summary(from, to);
	}

	_changed() {
		this.onChange(this.value());
	}
}

function summary(from, to) {
	if (!from && !to) { return 'All dates'; }
	if (!to) { return 'Active on or after ' + formatDate(from); }
	if (!from) { return 'Active on or before ' + formatDate(to); }
	return 'Active between ' + formatDate(from) + ' and ' + formatDate(to);
}
