package io.edrplaybook.samples.internal.mock;

/** The third-party services {@link MockThirdParty} imitates, each with the auth it expects. */
public enum MockService {
  /** Slack Web API: {@code Authorization: Bearer <token>}. */
  SLACK("Slack"),
  /** A Teams incoming webhook (behind a relay): {@code Authorization: Bearer <key>}. */
  TEAMS("Teams"),
  /** A firewall REST API: HTTP basic authentication. */
  FIREWALL("Firewall"),
  /** A network access control system: {@code X-Api-Key: <key>}. */
  NAC("NAC"),
  /** A ServiceNow-style ticketing system: HTTP basic authentication. */
  TICKETING("Ticketing"),
  /** A threat-intelligence platform's shared blocklist: {@code Authorization: Token <key>}. */
  BLOCKLIST("Blocklist");

  private final String label;

  MockService(String label) {
    this.label = label;
  }

  /** Returns the name shown to people, e.g. {@code Slack}. */
  public String label() {
    return label;
  }
}
