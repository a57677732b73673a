/**
 * Not API: reading and writing configuration files. The public entry points are
 * {@link io.edrplaybook.core.ConfigurationLoader} and {@link io.edrplaybook.core.ConfigurationWriter}.
 * May change in any release without notice.
 */
package io.edrplaybook.core.internal.config;
