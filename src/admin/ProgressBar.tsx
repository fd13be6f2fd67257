/**
 * A labelled progress bar on every supported WordPress: the components package's ProgressBar
 * where the installed WordPress has it (components 28, WordPress 6.6), the native <progress>
 * element otherwise (WordPress 6.1 ships components 21). The build takes @wordpress/components
 * from the page (wp.components), so only the page can say which one there is.
 */
import * as components from '@wordpress/components';

// The type says it is always there; on older WordPress it is not.
const InstalledProgressBar: typeof components.ProgressBar | undefined =
	components.ProgressBar;

export function ProgressBar( {
	done,
	total,
	label,
}: {
	done: number;
	total: number;
	/** The accessible name: what is progressing. */
	label: string;
} ) {
	if ( InstalledProgressBar ) {
		// Its scale is 0 to 100.
		const percent = total > 0 ? Math.min( 100, ( done / total ) * 100 ) : 0;
		return <InstalledProgressBar value={ percent } aria-label={ label } />;
	}
	return (
		<progress
			max={ Math.max( 1, total ) }
			value={ done }
			aria-label={ label }
		/>
	);
}
