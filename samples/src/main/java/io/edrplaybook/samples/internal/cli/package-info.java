/**
 * The command line's commands, argument parsing and output. Not API: it may change at any time.
 */
package io.edrplaybook.samples.internal.cli;
