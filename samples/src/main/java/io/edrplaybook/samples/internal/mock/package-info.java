/**
 * A local stand-in for the third-party services the sample scripts call (Slack, Teams, a
 * firewall, a NAC, a ticketing system), used by the demo and by tests. Not API: it may change
 * in any release.
 */
package io.edrplaybook.samples.internal.mock;
