/*
 * AccountMenu: who is signed in, with their role, and a Log out button.
 *
 * Logging out is a POST carrying the CSRF token, then the browser goes to the login page.
 */
import {csrfHeaders} from './csrf.js';

export class AccountMenu {

	// element: the container to fill
	constructor(element) {
		this.element = element;
	}

	async show() {
		// not through Api: its 401 means "session ended, go to the login form", but here it means anonymous reading
		const response = await fetch('/api/me', {headers: {Accept: 'application/json'}}).catch(() => null);
		if (!response || !response.ok) {
			return; // anonymous reading (mapper.security.anonymous-read): nothing to show
		}
		const me = await response.json();
		const who = document.createElement('span');
		who.className = 'account-name';
		who.textContent = me.username + ' (' + me.role + ')';
		const logout = document.createElement('button');
		logout.type = 'button';
		logout.id = 'logout';
		logout.textContent = 'Log out';
		logout.addEventListener('click', () => this.logout());
		this.element.replaceChildren(who, logout);
		if (me.role === 'analyst' || me.role === 'admin') { // the duplicates review screen (duplicate/)
			const duplicates = document.createElement('a');
			duplicates.href = '/duplicates.html';
			duplicates.id = 'duplicates-link';
			duplicates.textContent = 'Duplicates';
			this.element.insertBefore(duplicates, logout);
		}
		document.body.dataset.role = me.role;
	}

	async logout() {
		await fetch('/logout', {method: 'POST', headers: csrfHeaders(), credentials: 'same-origin'});
		location.assign('/login?logout');
	}
}
