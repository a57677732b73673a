package io.edrplaybook.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edrplaybook.api.Action;
import io.edrplaybook.api.ActionScript;
import io.edrplaybook.api.ConfigurationException;
import io.edrplaybook.api.ConfigurationProblem;
import io.edrplaybook.api.ScriptRefusal;
import io.edrplaybook.api.ScriptValidationException;
import io.edrplaybook.core.CorePlaybookEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A refused script reaches the host structurally: the configuration problem carries the script's
 * file, line, column and type, not only the flattened message (issue 13 item 18).
 */
class RefusedScriptLocationTest {
  private final CorePlaybookEngine engine = Fixtures.engine(new FakeRunner()).configuration(Fixtures.acme()).build();

  @AfterEach
  void close() {
    engine.close();
  }

  @Test
  void aRefusedScriptsProblemCarriesItsFileLineColumnAndType() {
    var e = assertThrows(ConfigurationException.class, () -> engine.configure(Fixtures.withAction("Open Ticket",
        a -> Action.builder().organization("acme").name("Open Ticket")
            .script(ActionScript.of("ticket", "scripts/open_ticket.py", "def run(ctx):\n  x = 1\n  SYNTAX ERROR\n"))
            .build())));
    ConfigurationProblem problem = e.problems().get(0);
    ScriptRefusal refusal = problem.script().orElseThrow(() -> new AssertionError(
        "the problem must carry the refusal: " + problem));
    assertEquals("scripts/open_ticket.py", refusal.file());
    assertEquals(3, refusal.line());
    assertEquals(3, refusal.column());
    assertEquals(ScriptValidationException.INVALID_SCRIPT, refusal.type());
    assertEquals("invalid syntax", refusal.reason());
    assertTrue(problem.message().startsWith("script refused: scripts/open_ticket.py, line 3, column 3"), problem::message);
  }

  @Test
  void aProblemRelocatedUnderAPrefixKeepsTheRefusal() {
    ScriptRefusal refusal = new ScriptRefusal("a.py", 2, 5, ScriptValidationException.INDENTATION_ERROR,
        "unexpected indent");
    ConfigurationProblem p = ConfigurationProblem.scriptRefused("actions[0].scripts[0]",
        new ScriptValidationException(refusal));
    assertEquals(refusal, p.under("config.json").script().orElseThrow());
    assertEquals("script refused: a.py, line 2, column 5: IndentationError: unexpected indent", p.message());
  }

  @Test
  void aProblemThatIsNotAboutAScriptCarriesNoRefusal() {
    assertTrue(new ConfigurationProblem("connectors[0].port", "must be an integer").script().isEmpty());
  }
}
