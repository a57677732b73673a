package io.edrplaybook.testkit.playbook;

import static io.edrplaybook.api.Classification.LIKELY_SAFE;
import static io.edrplaybook.api.Classification.MALICIOUS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edrplaybook.api.Configuration;
import io.edrplaybook.api.Playbook;
import io.edrplaybook.api.UndoPolicy;
import io.edrplaybook.spi.EntryPoint;
import io.edrplaybook.testkit.PlaybookTestKit;
import io.edrplaybook.testkit.RecordedRun;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The kit fires a scheduled undo by advancing its clock, and asserts on the undo run. */
class UndoKitTest {
  private final PlaybookTestKit kit = PlaybookTestKit.forConfiguration(undone())
      .respond(SocPlaybook.FIREWALL, ctx -> ctx.containsKey("original")
          ? Map.of("message", "unblocked " + ((Map<?, ?>) ((Map<?, ?>) ctx.get("original")).get("result")).get("rule"))
          : Map.of("message", "blocked", "rule", "rule-7"))
      .build();

  /** The SOC playbook whose firewall block is undone after 24 hours, or when the event is found Likely Safe. */
  static Configuration undone() {
    Configuration cfg = SocPlaybook.configuration();
    Configuration.Builder b = Configuration.builder();
    cfg.organizations().forEach(b::organization);
    cfg.jumpBoxes().forEach(b::jumpBox);
    cfg.actions().forEach(a -> b.action(!a.name().equals("Block Address") ? a
        : new io.edrplaybook.api.Action(a.organization(), a.name(), a.description(), a.scripts().stream()
            .map(x -> io.edrplaybook.api.ActionScript.of(x.name(), x.file(),
                x.source() + "\ndef undo(ctx):\n    return None\n", x.runner().orElseThrow())).toList(),
            a.timeout(), a.retry(), a.idempotent())));
    cfg.connectors().forEach(b::connector);
    for (Playbook p : cfg.playbooks()) {
      b.playbook(new Playbook(p.organization(), p.name(), p.isDefault(), p.collectorGroups(), p.rules().stream()
          .map(r -> r.action().equals("Block Address")
              ? r.withUndo(UndoPolicy.after(Duration.ofHours(24)).orOnReclassifiedTo(LIKELY_SAFE)) : r)
          .toList()));
    }
    return b.build();
  }

  @AfterEach
  void close() {
    kit.close();
  }

  private List<RecordedRun> undoRuns() {
    return kit.runs().stream().filter(r -> r.entryPoint() == EntryPoint.UNDO).toList();
  }

  @Test
  void advancingTheClockPastTheDelayFiresTheUndo() {
    kit.submit(kit.newEvent("ev-1", MALICIOUS).build()).assertRan("Block Address", "Edge FW").succeeded();
    assertTrue(kit.advanceClock(Duration.ofHours(23)).results().isEmpty(), "not yet");
    kit.advanceClock(Duration.ofHours(1)).assertRan("undo: Block Address", "Edge FW").succeeded()
        .withMessage("unblocked rule-7").withCtx("original.status", "SUCCEEDED").withCtx("undo.reason", "after PT24H");
    assertEquals(1, undoRuns().size());
    assertTrue(kit.advanceClock(Duration.ofDays(2)).results().isEmpty(), "undone once");
  }

  @Test
  void aFailedBlockIsNeverUndone() {
    try (PlaybookTestKit failing = PlaybookTestKit.forConfiguration(undone())
        .fail(SocPlaybook.FIREWALL, "HTTPError", "HTTP Error 500").build()) {
      failing.submit(failing.newEvent("ev-1", MALICIOUS).build()).assertRan("Block Address", "Edge FW").failed();
      assertTrue(failing.advanceClock(Duration.ofHours(24)).results().isEmpty());
      assertTrue(failing.runs().stream().noneMatch(r -> r.entryPoint() == EntryPoint.UNDO));
    }
  }
}
