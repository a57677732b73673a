package io.edrplaybook.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edrplaybook.api.ApprovalGate;
import io.edrplaybook.api.Classification;
import io.edrplaybook.api.ConfigurationException;
import io.edrplaybook.api.PlaybookRule;
import io.edrplaybook.api.UndoPolicy;
import io.edrplaybook.core.ConfigurationFile;
import io.edrplaybook.core.ConfigurationFormat;
import io.edrplaybook.core.ConfigurationWriter;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A playbook row's approval and undo, in the configuration file. */
class ApprovalAndUndoConfigTest {

  /** A valid configuration whose one row is {@code row} plus the given extra keys. */
  static String withRow(String extra) {
    return Fixtures.withConnector("""
        {"organization": "acme", "name": "c", "type": "CUSTOM", "jumpBox": "jb-1", "host": "h.example",
         "port": 443, "apiKey": "k-123456", "actions": [{"action": "Notify"}]}""")
        .replace("\"connectors\": [", """
            "playbooks": [{"organization": "acme", "name": "p", "default": true, "rules": [
              {"section": "REMEDIATION", "action": "Notify", "connectors": "ALL",
               "classifications": ["MALICIOUS", "SUSPICIOUS"]%s}]}],
            "connectors": [""".formatted(extra));
  }

  private static PlaybookRule rule(String extra) {
    ConfigurationFile f = Fixtures.loader().load(withRow(extra), ConfigurationFormat.JSON, Fixtures.dir());
    return f.configuration().playbook("acme", "p").orElseThrow().rules().get(0);
  }

  @Test
  void anApprovalIsReadWithItsWindowExpiryAndCells() {
    PlaybookRule r = rule(", \"approval\": {\"required\": true, \"window\": \"PT4H\", \"onExpiry\": \"run\","
        + " \"classifications\": [\"MALICIOUS\"]}");
    assertEquals(Optional.of(new ApprovalGate(Duration.ofHours(4), ApprovalGate.OnExpiry.RUN,
        Set.of(Classification.MALICIOUS))), r.approval());
    assertTrue(r.requiresApproval(Classification.MALICIOUS));
    assertTrue(!r.requiresApproval(Classification.SUSPICIOUS));
  }

  @Test
  void anApprovalWithoutOnExpiryDeniesAndOneNotRequiredIsNone() {
    assertEquals(ApprovalGate.OnExpiry.DENY, rule(", \"approval\": {\"window\": \"PT1H\"}").approval().orElseThrow()
        .onExpiry());
    assertEquals(Optional.empty(), rule(", \"approval\": {\"required\": false}").approval());
  }

  @Test
  void aBadApprovalIsAProblemAtEachPathAllAtOnce() {
    ConfigurationException e = Fixtures.failure(withRow(", \"approval\": {\"window\": \"4 hours\","
        + " \"onExpiry\": \"maybe\", \"classifications\": [\"LIKELY_SAFE\"], \"requird\": true}"));
    List<String> problems = Fixtures.rendered(e);
    String at = "<text>: playbooks[0].rules[0].approval.";
    assertEquals(Set.of(at + "window", at + "onExpiry", at + "classifications", at + "requird"),
        Set.copyOf(e.problems().stream().map(p -> p.path()).toList()), String.join("\n", problems));
    assertTrue(problems.stream().anyMatch(p -> p.contains("must be one of deny, run, was \"maybe\"")),
        String.join("\n", problems));
    assertTrue(problems.stream().anyMatch(p -> p.contains("LIKELY_SAFE is not a checked classification")),
        String.join("\n", problems));
  }

  @Test
  void anApprovalWithoutAWindowSaysWhatTheWindowIs() {
    ConfigurationException e = Fixtures.failure(withRow(", \"approval\": {\"required\": true}"));
    assertEquals(List.of("<text>: playbooks[0].rules[0].approval.window: is required: how long a run waits for"
        + " approval, an ISO-8601 duration such as \"PT4H\" (between PT1S and PT8760H)"), Fixtures.rendered(e));
  }

  @Test
  void anUndoIsReadWithItsDelayAndReclassifications() {
    assertEquals(Optional.of(new UndoPolicy(Optional.of(Duration.ofHours(24)), Set.of(Classification.LIKELY_SAFE))),
        rule(", \"undo\": {\"after\": \"PT24H\", \"onReclassifiedTo\": [\"LIKELY_SAFE\"]}").undo());
  }

  @Test
  void anEmptyUndoIsAProblemSayingWhatItNeeds() {
    ConfigurationException e = Fixtures.failure(withRow(", \"undo\": {}"));
    assertEquals(List.of("<text>: playbooks[0].rules[0].undo: needs \"after\" (a delay such as \"PT24H\") or"
        + " \"onReclassifiedTo\" (a list of classifications), or both"), Fixtures.rendered(e));
  }

  @Test
  void approvalAndUndoAreWrittenBackAsTheyWereRead() {
    String extra = ", \"approval\": {\"window\": \"PT4H\", \"onExpiry\": \"run\", \"classifications\": [\"MALICIOUS\"]},"
        + " \"undo\": {\"after\": \"PT24H\", \"onReclassifiedTo\": [\"LIKELY_SAFE\"]}";
    ConfigurationFile f = Fixtures.loader().load(withRow(extra), ConfigurationFormat.JSON, Fixtures.dir());
    String written = ConfigurationWriter.of(ConfigurationFormat.JSON).write(f.configuration());
    ConfigurationFile again = Fixtures.loader().load(written, ConfigurationFormat.JSON, Fixtures.dir());
    assertEquals(f.configuration().playbooks(), again.configuration().playbooks());
  }

  @Test
  void anActionNamedLikeAnUndoRunIsAProblem() {
    ConfigurationException e = Fixtures.failure(withRow("").replace("\"name\": \"Notify\"", "\"name\": \"undo: Notify\"")
        .replace("\"action\": \"Notify\"", "\"action\": \"undo: Notify\""));
    assertTrue(Fixtures.rendered(e).stream().anyMatch(p -> p.contains("actions[0].name")
        && p.contains("must not start with \"undo: \"")), String.join("\n", Fixtures.rendered(e)));
  }
}
