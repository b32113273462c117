/*
 * AccountMenu: who is signed in, with their role, and a Log out button.
 *
 * Logging out is a POST carrying the CSRF token, then the browser goes to the login page.
 */
import {csrfHeaders} from './csrf.js';

export class AccountMenu {

	// element: the container to fill; api: the Api (for /api/me)
	constructor(element, api) {
		this.element = element;
		this.api = api;
	}

	async show() {
		let me;
		try {
			me = await this.api.me();
		} catch (e) {
			return; // anonymous reading: nothing to show
		}
		const who = document.createElement('span');
		who.className = 'account-name';
		who.textContent = me.username + ' (' + me.role + ')';
		const logout = document.createElement('button');
		logout.type = 'button';
		logout.id = 'logout';
		logout.textContent = 'Log out';
		logout.addEventListener('click', () => this.logout());
		this.element.replaceChildren(who, logout);
		document.body.dataset.role = me.role;
	}

	async logout() {
		await fetch('/logout', {method: 'POST', headers: csrfHeaders(), credentials: 'same-origin'});
		location.assign('/login?logout');
	}
}
