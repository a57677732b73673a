/**
 * The samples of edr-playbook: the command line ({@link io.edrplaybook.samples.EdrPlaybookCli}),
 * with its self-contained demo against a local mock of the third-party services. Everything under
 * {@code io.edrplaybook.samples.internal} is not API.
 */
package io.edrplaybook.samples;
