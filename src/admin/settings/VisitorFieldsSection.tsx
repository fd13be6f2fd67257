/**
 * Contacts › Settings: the fields visitors see and edit in the My details form.
 */
import { Fragment } from '@wordpress/element';
import { __ } from '@wordpress/i18n';
import { VISITOR_FIELDS } from '../../api/settings';
import type { VisitorField } from '../../api/settings';
// The form's own labels, so the setting names each field as visitors will see it.
import { fieldLabels } from '../../frontend/my-details/myDetails';

export function VisitorFieldsSection( {
	chosen,
	onChange,
}: {
	chosen: VisitorField[];
	onChange: ( chosen: VisitorField[] ) => void;
} ) {
	const title = __( 'Fields shown to visitors', 'users-to-contacts' );
	const toggle = ( field: VisitorField, on: boolean ) =>
		onChange(
			VISITOR_FIELDS.filter( ( candidate ) =>
				candidate === field ? on : chosen.includes( candidate )
			)
		);
	return (
		<>
			<h2 className="title">
				{ __( 'My details', 'users-to-contacts' ) }
			</h2>
			<table className="form-table" role="presentation">
				<tbody>
					<tr>
						<th scope="row">{ title }</th>
						<td>
							<fieldset aria-describedby="users-to-contacts-visitor-fields-description">
								<legend className="screen-reader-text">
									<span>{ title }</span>
								</legend>
								{ VISITOR_FIELDS.map( ( field ) => (
									// One choice a line, as core's Settings screens set them.
									<Fragment key={ field }>
										<label
											htmlFor={ `users-to-contacts-visitor-field-${ field }` }
										>
											<input
												id={ `users-to-contacts-visitor-field-${ field }` }
												type="checkbox"
												checked={ chosen.includes(
													field
												) }
												onChange={ ( event ) =>
													toggle(
														field,
														event.target.checked
													)
												}
											/>{ ' ' }
											{ fieldLabels()[ field ] }
										</label>
										<br />
									</Fragment>
								) ) }
								<p
									id="users-to-contacts-visitor-fields-description"
									className="description"
								>
									{ __(
										'The contact details a logged-in visitor sees and can change in the My details form. Fields that follow the visitor’s account (the email address, and the mapped fields in Field mapping mode) are shown but changed in their profile.',
										'users-to-contacts'
									) }
								</p>
							</fieldset>
						</td>
					</tr>
				</tbody>
			</table>
		</>
	);
}
