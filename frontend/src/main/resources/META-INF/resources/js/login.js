/*
 * The sign-in page. The form posts to /login with the CSRF token in the X-XSRF-TOKEN header (the
 * server keeps it in the XSRF-TOKEN cookie; a plain form post could not carry it), then goes where
 * the server sends a signed-in user (the page first asked for, with its filter) with the map view
 * (#zoom/lat/lon) the browser kept through the redirect to this page. `?next=/…` (set by the map
 * when a session ends) names the page to return to instead; only same-origin paths are followed.
 * Messages: ?error (refused), ?logout (signed out).
 */
import {csrfHeaders} from './csrf.js';

const form = document.getElementById('login-form');
const message = document.getElementById('login-message');
const params = new URLSearchParams(location.search);

function show(text, level = 'error') {
	message.textContent = text;
	message.dataset.level = level;
	message.hidden = false;
}

// A path on this site ("/…", not "//host"), or null.
export function sameOriginPath(value) {
	return typeof value === 'string' && /^\/(?![/\\])/.test(value) ? value : null;
}

if (params.has('error')) {
	show('The account name or password is wrong, or the account is locked or disabled.');
} else if (params.has('logout')) {
	show('You are signed out.', 'info');
}

form.addEventListener('submit', async (event) => {
	event.preventDefault();
	let response;
	try {
		await fetch('/login', {method: 'HEAD', credentials: 'same-origin'}); // makes sure the CSRF cookie is set
		response = await fetch('/login', {
			method: 'POST',
			credentials: 'same-origin',
			headers: {'Content-Type': 'application/x-www-form-urlencoded', ...csrfHeaders()},
			body: new URLSearchParams(new FormData(form))
		});
	} catch (e) {
		show('The server could not be reached (' + e.message + ').');
		return;
	}
	const landed = new URL(response.url);
	if (!response.ok || landed.pathname === '/login') {
		show('The account name or password is wrong, or the account is locked or disabled.');
		document.getElementById('password').value = '';
		return;
	}
	const next = sameOriginPath(params.get('next'));
	if (next) {
		location.assign(next);
		return;
	}
	landed.searchParams.delete('continue'); // Spring's marker of a saved request, no filter of the map
	location.assign(landed.pathname + landed.search + location.hash);
});
