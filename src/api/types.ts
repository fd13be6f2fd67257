/**
 * Types of the REST API, mirroring the PHP schemas in includes/REST.
 */

/** GET /users-to-contacts/v1/status (includes/REST/StatusController.php). */
export interface Status {
	plugin_version: string;
	wordpress_version: string;
	php_version: string;
	user: {
		id: number;
		display_name: string;
	};
}
