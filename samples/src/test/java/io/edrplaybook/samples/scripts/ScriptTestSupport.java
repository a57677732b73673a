package io.edrplaybook.samples.scripts;

import io.edrplaybook.samples.internal.mock.MockThirdParty;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A fresh mock per test, expecting the secrets of {@link SampleScript}. */
abstract class ScriptTestSupport {

  MockThirdParty mock;

  @BeforeEach
  void startMock() {
    mock = MockThirdParty.builder()
        .slackToken(SampleScript.SLACK_TOKEN)
        .teamsKey(SampleScript.TEAMS_KEY)
        .firewallCredentials(SampleScript.FIREWALL_USER, SampleScript.FIREWALL_PASSWORD)
        .nacApiKey(SampleScript.NAC_KEY)
        .ticketingCredentials(SampleScript.TICKET_USER, SampleScript.TICKET_PASSWORD)
        .blocklistKey(SampleScript.BLOCKLIST_KEY)
        .build()
        .start();
  }

  @AfterEach
  void stopMock() {
    mock.close();
  }

  /** Runs {@code entry} of {@code script} with its good credentials and the malicious event. */
  DriverResult run(Python python, SampleScript script, String entry) {
    return run(python, script, entry, script.ctx(mock.port(), script.goodAuth(), SampleScript.maliciousEvent()));
  }

  DriverResult run(Python python, SampleScript script, String entry, Map<String, Object> ctx) {
    return ScriptHarness.run(python, script.file(), entry, ctx);
  }
}
