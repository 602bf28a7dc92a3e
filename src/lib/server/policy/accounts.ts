// Rules about people's accounts as a whole, which only administrators touch.
import { changing } from './rules.ts';

export const accountRules = {
	'account.resetTwoFactor': changing<object>(
		'Administrators reset a person’s two-factor sign-in (they lost their authenticator and recovery codes), with a reason recorded in the governance history of each of the person’s workspaces.',
		({ actor }) => !!actor.user?.isAdmin || 'Administrators only.'
	)
};
