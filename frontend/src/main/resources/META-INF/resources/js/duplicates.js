/*
 * The duplicates review screen (duplicates.html): candidate pairs from GET /api/duplicates side by side, the rows
 * whose values differ marked (colour and the word "differs", for screen readers and colour-blind readers); merge with
 * the chosen survivor (the versions shown are sent, so a pair edited meanwhile is refused, not merged), keep apart,
 * and undo of recent merges. Every control is a native button, input or radio: keyboard use needs nothing extra.
 */
import {ApiError} from './api.js';
import {csrfHeaders} from './csrf.js';
import {el} from './dom.js';

// The rows compared, in order: [label, value of a Feature as text]
const ROWS = [
	['Id', (f) => String(f.id)],
	['Version', (f) => String(f.properties.version)],
	['Title', (f) => f.properties.title],
	['Category', (f) => f.properties.category],
	['Start', (f) => f.properties.startDate],
	['End', (f) => f.properties.endDate || ''],
	['Place', (f) => f.properties.locationName || ''],
	['Province', (f) => f.properties.province || ''],
	['Status', (f) => f.properties.status],
	['Victims', (f) => f.properties.victimsCount == null ? '' : String(f.properties.victimsCount)],
	['Description', (f) => f.properties.description || ''],
];

const status = document.getElementById('dup-status');

async function call(method, path, body) {
	const headers = {Accept: 'application/json, application/problem+json', ...csrfHeaders()};
	if (body) { headers['Content-Type'] = 'application/json'; }
	const response = await fetch('/api' + path, {method, headers, body: body ? JSON.stringify(body) : undefined,
		credentials: 'same-origin'});
	if (!response.ok) { throw await ApiError.fromResponse(response); }
	return response.json();
}

function say(text, error = false) {
	status.textContent = text;
	status.classList.toggle('dup-error', error);
}

function query() {
	const form = document.getElementById('dup-filter');
	const params = new URLSearchParams();
	for (const name of ['from', 'to', 'category', 'days']) {
		const value = form.elements[name].value.trim();
		if (value) { params.set(name, value); }
	}
	const km = form.elements.km.value.trim();
	if (km) { params.set('distance', String(Math.round(Number(km) * 1000))); }
	return params.toString();
}

function sourcesList(feature) {
	return el('ul', {className: 'dup-sources'}, (feature.properties.sources || []).map((s) =>
		el('li', {}, s.outlet, s.url ? el('span', {}, ' · ', el('a', {href: s.url, rel: 'noopener noreferrer',
			target: '_blank'}, s.url)) : null, s.publishedDate ? ' (' + s.publishedDate + ')' : null)));
}

function comparison(pair, n) {
	const rows = ROWS.map(([label, value]) => {
		const a = value(pair.a);
		const b = value(pair.b);
		const differs = label !== 'Id' && a !== b;
		return el('tr', {className: differs ? 'dup-differs' : null},
			el('th', {scope: 'row'}, label, differs ? el('span', {className: 'dup-differs-mark'}, ' (differs)') : null),
			el('td', {}, a), el('td', {}, b));
	});
	rows.push(el('tr', {}, el('th', {scope: 'row'}, 'Sources'), el('td', {}, sourcesList(pair.a)),
		el('td', {}, sourcesList(pair.b))));
	return el('div', {className: 'dup-table-wrap'}, el('table', {className: 'dup-table'},
		el('caption', {className: 'visually-hidden'}, 'Pair ' + n + ' compared'),
		el('thead', {}, el('tr', {}, el('th', {scope: 'col'}, 'Field'), el('th', {scope: 'col'}, 'Incident A'),
			el('th', {scope: 'col'}, 'Incident B'))),
		el('tbody', {}, rows)));
}

function pairItem(pair, n) {
	const name = 'survivor-' + n;
	const choice = (value, label, checked) => el('label', {}, el('input', {type: 'radio', name, value,
		checked: checked || null}), ' ' + label);
	const merge = el('button', {type: 'button', className: 'dup-primary'}, 'Merge');
	const apart = el('button', {type: 'button'}, 'Keep apart');
	const item = el('li', {className: 'dup-pair', dataset: {a: pair.a.id, b: pair.b.id}},
		el('h3', {}, 'Pair ' + n + ': ' + pair.a.properties.title + ' / ' + pair.b.properties.title),
		el('p', {className: 'dup-score'}, 'Score ' + pair.score),
		el('ul', {className: 'dup-reasons', 'aria-label': 'Why pair ' + n + ' was proposed'},
			pair.reasons.map((r) => el('li', {}, r))),
		comparison(pair, n),
		el('div', {className: 'dup-actions'},
			el('fieldset', {}, el('legend', {}, 'Keep'), choice('a', 'A (' + pair.a.id + ')', true),
				choice('b', 'B (' + pair.b.id + ')', false)),
			merge, apart));
	merge.addEventListener('click', async () => {
		const keepA = item.querySelector('input[name="' + name + '"]:checked').value === 'a';
		const [survivor, merged] = keepA ? [pair.a, pair.b] : [pair.b, pair.a];
		try {
			const answer = await call('POST', '/duplicates/merge', {survivor: survivor.id, merged: merged.id,
				versions: {survivor: survivor.properties.version, merged: merged.properties.version}});
			say('Merged incident ' + merged.id + ' into ' + survivor.id + ' (merge ' + answer.merge + ').');
			item.remove();
			await showMerges();
		} catch (e) {
			say(e.message, true);
		}
	});
	apart.addEventListener('click', async () => {
		try {
			await call('POST', '/duplicates/keep-apart', {a: pair.a.id, b: pair.b.id});
			say('Incidents ' + pair.a.id + ' and ' + pair.b.id + ' are kept apart.');
			item.remove();
		} catch (e) {
			say(e.message, true);
		}
	});
	return item;
}

// document.body.dataset.state: 'loading' while pairs are fetched, then 'ready' or 'error' (what tests wait for)
async function showPairs() {
	say('Looking for pairs…');
	document.body.dataset.state = 'loading';
	try {
		const answer = await call('GET', '/duplicates?' + query());
		const list = document.getElementById('dup-pairs');
		list.replaceChildren(...answer.pairs.map((p, i) => pairItem(p, i + 1)));
		say(answer.pairs.length === 0 ? 'No probable duplicates for this filter.'
			: answer.pairs.length + ' pair(s), most probable first.');
		document.body.dataset.state = 'ready';
	} catch (e) {
		say(e.message, true);
		document.body.dataset.state = 'error';
	}
}

async function showMerges() {
	const list = document.getElementById('dup-merges');
	try {
		const merges = await call('GET', '/merges?limit=20');
		list.replaceChildren(...merges.map((m) => {
			const undo = el('button', {type: 'button', disabled: m.undoneAt ? true : null},
				m.undoneAt ? 'Undone' : 'Undo merge ' + m.id);
			undo.addEventListener('click', async () => {
				try {
					await call('POST', '/merges/' + m.id + '/undo');
					say('Merge ' + m.id + ' undone: incident ' + m.mergedId + ' is back.');
					await showMerges();
				} catch (e) {
					say(e.message, true);
				}
			});
			return el('li', {className: 'dup-merge-item'},
				el('span', {}, '“' + m.mergedTitle + '” (' + m.mergedId + ') into ' + m.survivorId + ' by ' + m.mergedBy),
				undo);
		}));
		if (merges.length === 0) { list.replaceChildren(el('li', {}, 'No merges yet.')); }
	} catch (e) {
		say(e.message, true);
	}
}

async function fillCategories() {
	try {
		const categories = await call('GET', '/categories');
		const select = document.getElementById('dup-category');
		for (const c of categories) { select.append(el('option', {value: c.key}, c.label)); }
	} catch (e) {
		// the filter still works without the list
	}
}

document.getElementById('dup-filter').addEventListener('submit', (event) => {
	event.preventDefault();
	showPairs();
});
fillCategories();
const params = new URLSearchParams(location.search);
for (const name of ['from', 'to']) {
	if (params.get(name)) { document.getElementById('dup-' + name).value = params.get(name); }
}
showPairs();
showMerges();
