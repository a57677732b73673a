package io.edrplaybook.samples.scripts;

import io.edrplaybook.samples.internal.mock.MockService;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One sample script, with the connector it is written for and the secrets the test mock expects.
 *
 * @param file the file name under {@code samples/scripts}
 * @param service the mocked service it calls
 * @param connectorType the connector type it is bound to
 * @param apiKey whether it authenticates with an API key (else username + password)
 * @param params the binding's params
 */
record SampleScript(String file, MockService service, String connectorType, boolean apiKey,
    Map<String, Object> params) {

  static final String SLACK_TOKEN = "xoxb-test-slack-7Hq2";
  static final String TEAMS_KEY = "teams-test-key-9Zr4";
  static final String FIREWALL_USER = "fw-api";
  static final String FIREWALL_PASSWORD = "fw-test-pass-3Kd8";
  static final String NAC_KEY = "nac-test-key-5Wp1";
  static final String TICKET_USER = "edr-bot";
  static final String TICKET_PASSWORD = "sn-test-pass-8Lm6";
  static final String BLOCKLIST_KEY = "ti-test-key-2Vb7";

  static final SampleScript SLACK = new SampleScript("slack_notify.py", MockService.SLACK, "CUSTOM", true,
      Map.of("scheme", "http", "channel", "#soc"));
  static final SampleScript TEAMS = new SampleScript("teams_notify.py", MockService.TEAMS, "CUSTOM", true,
      Map.of("scheme", "http", "webhookPath", "/teams/webhook/soc"));
  static final SampleScript FIREWALL = new SampleScript("firewall_block_address.py", MockService.FIREWALL,
      "FIREWALL", false, Map.of("scheme", "http", "durationMinutes", 60));
  static final SampleScript NAC = new SampleScript("nac_isolate_device.py", MockService.NAC, "NAC", true,
      Map.of("scheme", "http"));
  static final SampleScript TICKET = new SampleScript("open_ticket.py", MockService.TICKETING, "CUSTOM",
      false, Map.of("scheme", "http", "assignmentGroup", "SOC"));

  static List<SampleScript> all() {
    return List.of(SLACK, TEAMS, FIREWALL, NAC, TICKET);
  }

  /** The auth the mock expects from this script's connector. */
  Map<String, Object> goodAuth() {
    return switch (service) {
      case SLACK -> apiKeyAuth(SLACK_TOKEN);
      case TEAMS -> apiKeyAuth(TEAMS_KEY);
      case NAC -> apiKeyAuth(NAC_KEY);
      case FIREWALL -> credentialsAuth(FIREWALL_USER, FIREWALL_PASSWORD);
      case TICKETING -> credentialsAuth(TICKET_USER, TICKET_PASSWORD);
      case BLOCKLIST -> apiKeyAuth(BLOCKLIST_KEY);
    };
  }

  /** The right kind of auth with a wrong secret. */
  Map<String, Object> wrongAuth() {
    return apiKey ? apiKeyAuth("wrong-key-0000") : credentialsAuth(
        (String) goodAuth().get("username"), "wrong-password-0000");
  }

  /** The other kind of auth than the script needs. */
  Map<String, Object> otherKindOfAuth() {
    return apiKey ? credentialsAuth("someone", "irrelevant-pass-1") : apiKeyAuth("irrelevant-key-1");
  }

  /** The secret in {@link #goodAuth()}, to check it never shows up in output. */
  String secret() {
    Map<String, Object> auth = goodAuth();
    return (String) (apiKey ? auth.get("apiKey") : auth.get("password"));
  }

  static Map<String, Object> apiKeyAuth(String key) {
    return Map.of("type", "apiKey", "apiKey", key);
  }

  static Map<String, Object> credentialsAuth(String username, String password) {
    return Map.of("type", "credentials", "username", username, "password", password);
  }

  /** A ctx as docs/script-contract.md describes it, for this script's connector at 127.0.0.1:port. */
  Map<String, Object> ctx(int port, Map<String, Object> auth, Map<String, Object> event) {
    Map<String, Object> connector = new LinkedHashMap<>();
    connector.put("name", service.label() + " connector");
    connector.put("type", connectorType);
    connector.put("organization", "acme");
    connector.put("jumpBox", "jb-1");
    connector.put("host", "127.0.0.1");
    connector.put("port", port);
    connector.put("auth", auth);
    Map<String, Object> ctx = new LinkedHashMap<>();
    ctx.put("action", Map.of("name", "Sample action", "description", "run by a test"));
    ctx.put("connector", connector);
    ctx.put("event", event);
    ctx.put("params", params);
    ctx.put("test", false);
    ctx.put("invocationId", "inv-test-1");
    return ctx;
  }

  /** A MALICIOUS event on LAPTOP-7 with a non-ASCII detail (Python 2.7 must carry it intact). */
  static Map<String, Object> maliciousEvent() {
    Map<String, Object> device = new LinkedHashMap<>();
    device.put("name", "LAPTOP-7");
    device.put("collectorGroup", "Finance");
    device.put("address", "10.1.2.3");
    device.put("os", "Windows 11");
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("id", "ev-1");
    event.put("organization", "acme");
    event.put("classification", "MALICIOUS");
    event.put("previousClassification", null);
    event.put("time", "2026-01-01T00:00:00Z");
    event.put("device", device);
    event.put("details", Map.of("process", "evil.exe", "rule", "Suspicious Script Execution",
        "user", "Zo\u00eb M\u00fcller", "score", 97));
    return event;
  }

  @Override
  public String toString() {
    return file;
  }
}
