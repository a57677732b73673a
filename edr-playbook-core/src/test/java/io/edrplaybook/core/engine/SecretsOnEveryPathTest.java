package io.edrplaybook.core.engine;

import static io.edrplaybook.core.engine.EngineTestSupport.await;
import static io.edrplaybook.core.engine.Fixtures.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edrplaybook.api.Classification;
import io.edrplaybook.api.Configuration;
import io.edrplaybook.api.EventOutcome;
import io.edrplaybook.api.InvocationResult;
import io.edrplaybook.api.InvocationStatus;
import io.edrplaybook.api.ScriptError;
import io.edrplaybook.core.CorePlaybookEngine;
import io.edrplaybook.spi.RunnerSettings;
import io.edrplaybook.spi.ScriptOutcome;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Issue 11 item 9, issue 17 item 10: every recorded free-text field is masked, in every encoded form, then capped. */
class SecretsOnEveryPathTest {
  private static final String PIN = "918273645";
  private final FakeRunner runner = new FakeRunner();

  private static Configuration withNumericKey() {
    return Fixtures.withConnector("SOC Slack", c -> io.edrplaybook.api.Connector.builder().organization("acme")
        .name("SOC Slack").jumpBox("jb-1").host("hooks.slack.example").port(443).apiKey(PIN)
        .bind("IM Notification", "slack").build());
  }

  private InvocationResult slack(CorePlaybookEngine engine) {
    EventOutcome o = await(engine.submit(event("ev-1", "acme", "Laptops", Classification.MALICIOUS)));
    return o.result("IM Notification", "SOC Slack").orElseThrow();
  }

  private InvocationResult firewall(CorePlaybookEngine engine) {
    EventOutcome o = await(engine.submit(event("ev-1", "acme", "Laptops", Classification.MALICIOUS)));
    return o.result("Block Address", "Edge FW").orElseThrow();
  }

  @Test
  void anExceptionTypeNamedAfterTheSecretIsMasked() {
    runner.on("slack.py", c -> FakeRunner.fail("E" + Fixtures.SLACK_KEY, "boom", false));
    try (CorePlaybookEngine engine = Fixtures.engine(runner).configuration(Fixtures.acme()).build()) {
      InvocationResult r = slack(engine);
      assertEquals("E****", r.error().orElseThrow().type());
      assertFalse(r.toString().contains(Fixtures.SLACK_KEY), r::toString);
    }
  }

  @Test
  void theMessageOfAnExceptionThrownByTheRunnerIsMasked() {
    runner.on("slack.py", c -> {
      throw new IllegalStateException("worker died while sending " + Fixtures.SLACK_KEY);
    });
    try (CorePlaybookEngine engine = Fixtures.engine(runner).configuration(Fixtures.acme()).build()) {
      InvocationResult r = slack(engine);
      assertEquals(InvocationStatus.FAILED, r.status());
      ScriptError e = r.error().orElseThrow();
      assertEquals("worker died while sending ****", e.message());
      assertFalse(r.toString().contains(Fixtures.SLACK_KEY), r::toString);
    }
  }

  @Test
  void aNumericSecretReturnedAsANumberIsMasked() {
    runner.on("slack.py", c -> ScriptOutcome.succeeded(Map.of("message", "ok", "pin", Long.parseLong(PIN),
        "asFloat", Double.parseDouble(PIN), "port", 443), "", false));
    try (CorePlaybookEngine engine = Fixtures.engine(runner).configuration(withNumericKey()).build()) {
      Map<String, Object> result = slack(engine).result().orElseThrow();
      assertEquals("****", result.get("pin"));
      assertEquals("****", result.get("asFloat"));
      assertEquals(443, ((Number) result.get("port")).intValue());
    }
  }

  @Test
  void encodedFormsOfTheSecretAreMasked() {
    String password = Fixtures.FW_PASSWORD; // fw-pa55word!
    String basic = Base64.getEncoder().encodeToString(("api:" + password).getBytes(StandardCharsets.UTF_8));
    String alone = Base64.getEncoder().encodeToString(password.getBytes(StandardCharsets.UTF_8));
    String url = URLEncoder.encode(password, StandardCharsets.UTF_8);
    String text = "Authorization: Basic " + basic + "\nkey " + alone + "\nq=" + url + "\n";
    runner.on("fw.py", c -> ScriptOutcome.succeeded(Map.of("message", "ok"), text, false));
    try (CorePlaybookEngine engine = Fixtures.engine(runner).configuration(Fixtures.acme()).build()) {
      InvocationResult r = firewall(engine);
      assertFalse(r.output().contains(basic), r.output());
      assertFalse(r.output().contains(alone.replace("=", "")), r.output());
      assertFalse(r.output().contains(url), r.output());
      assertTrue(r.output().startsWith("Authorization: Basic ****"), r.output());
    }
  }

  @Test
  void jsonAndReprFormsOfASecretWithQuotesAreMasked() {
    String secret = "it's\"a\\secret-é";
    Configuration cfg = Fixtures.withConnector("SOC Slack", c -> io.edrplaybook.api.Connector.builder()
        .organization("acme").name("SOC Slack").jumpBox("jb-1").host("hooks.slack.example").port(443)
        .apiKey(secret).bind("IM Notification", "slack").build());
    String json = "it's\\\"a\\\\secret-\\u00e9";
    String repr2 = "u'it\\'s\"a\\\\secret-\\xe9'";
    String plusSpaces = "q=" + URLEncoder.encode("my secret value!", StandardCharsets.UTF_8);
    runner.on("slack.py", c -> ScriptOutcome.failed(new ScriptError("HTTPError",
        "{\"error\": \"" + json + "\"}", repr2 + "\n" + plusSpaces, false), "", false));
    try (CorePlaybookEngine engine = Fixtures.engine(runner).secrets(java.util.List.of("my secret value!"))
        .configuration(cfg).build()) {
      ScriptError e = slack(engine).error().orElseThrow();
      assertEquals("{\"error\": \"****\"}", e.message());
      assertEquals("u'****'\nq=****", e.traceback());
    }
  }

  @Test
  void outputIsCappedAfterMaskingWithNoSecretPrefixLeftAndAMarker() {
    // the secret straddles the cap: capping first would leave "xoxb-s" in the record
    String out = "0123456789" + Fixtures.SLACK_KEY + " and more text";
    runner.on("slack.py", c -> ScriptOutcome.succeeded(Map.of(), out, false));
    try (CorePlaybookEngine engine = Fixtures.engine(runner)
        .runnerSettings(new RunnerSettings("fake", Map.of("outputCap", 16))).configuration(Fixtures.acme()).build()) {
      InvocationResult r = slack(engine);
      assertTrue(r.outputTruncated());
      assertEquals("0123456789**** a\n[output cut at 16 characters]", r.output());
    }
  }

  @Test
  void aRunnerCutInsideASecretLeavesNoPrefixOfIt() {
    String out = "log: " + Fixtures.SLACK_KEY.substring(0, Fixtures.SLACK_KEY.length() - 1);
    runner.on("slack.py", c -> ScriptOutcome.succeeded(Map.of(), out, true));
    try (CorePlaybookEngine engine = Fixtures.engine(runner).configuration(Fixtures.acme()).build()) {
      InvocationResult r = slack(engine);
      assertEquals("log: \n[output cut at the runner's cap]", r.output());
      assertTrue(r.outputTruncated());
    }
  }

  @Test
  void idsAndNamesAreNeverRewritten() {
    Configuration cfg = Fixtures.withConnector("SOC Slack", c -> io.edrplaybook.api.Connector.builder()
        .organization("acme").name("SOC Slack").jumpBox("jb-1").host("hooks.slack.example").port(443)
        .apiKey("SOC Slack").bind("IM Notification", "slack").build());
    runner.on("slack.py", c -> ScriptOutcome.succeeded(Map.of("message", "sent by SOC Slack"), "", false));
    try (CorePlaybookEngine engine = Fixtures.engine(runner).configuration(cfg).build()) {
      InvocationResult r = slack(engine);
      assertEquals("SOC Slack", r.invocation().connector());
      assertEquals("ev-1", r.eventId());
      assertEquals("sent by ****", r.message());
      assertEquals(Optional.of(Map.of("message", "sent by ****")), r.result());
    }
  }
}
