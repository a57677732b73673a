package io.edrplaybook.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edrplaybook.api.ScriptValidationException;
import io.edrplaybook.spi.CompiledScript;
import io.edrplaybook.spi.EntryPoint;
import io.edrplaybook.spi.ScriptOutcome;
import io.edrplaybook.spi.ScriptOutcome.Status;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The conformance cases of what a runner refuses or stops: scripts refused at compile time, with
 * their file, line and type, and scripts stopped at their deadline, one case per corpus script so
 * that a report names it. Subclass {@link ScriptRunnerConformanceKit}, not this.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ScriptRunnerConformanceKitRefusals extends ScriptRunnerConformanceKitContainment {

  // ---- compile time ----------------------------------------------------------------------

  @Test
  public void syntaxErrorIsRefusedAtCompileTimeWithFileLineAndType() {
    ScriptValidationException e = assertThrows(ScriptValidationException.class,
        () -> runner().compile(source("syntax_error.py")));
    assertEquals(fileNameOf("syntax_error.py"), e.file());
    assertEquals(3, e.line().orElse(0), e::getMessage);
    assertEquals(ScriptValidationException.SYNTAX_ERROR, e.type(), e::getMessage);
    assertTrue(e.getMessage().contains(fileNameOf("syntax_error.py")), e::getMessage);
    assertHealthy();
  }

  @Test
  public void indentationErrorIsRefusedWithItsOwnTypeAndLine() {
    ScriptValidationException e = assertThrows(ScriptValidationException.class,
        () -> runner().compile(source("indentation_error.py")));
    assertEquals(ScriptValidationException.INDENTATION_ERROR, e.type(),
        () -> "a bad indent must be told from other syntax errors by its type: " + e.getMessage());
    assertEquals(4, e.line().orElse(0), e::getMessage);
    assertEquals(e.type(), e.refusal().type());
    assertFalse(e.reason().startsWith(e.type()), () -> "the reason holds no type: " + e.reason());
    assertHealthy();
  }

  @Test
  public void missingIndentIsRefusedAsAnIndentationErrorWithItsLine() {
    ScriptValidationException e = assertThrows(ScriptValidationException.class,
        () -> runner().compile(source("missing_indent.py")));
    assertEquals(ScriptValidationException.INDENTATION_ERROR, e.type(), e::getMessage);
    assertEquals(3, e.line().orElse(0), e::getMessage);
    assertHealthy();
  }

  @Test
  public void unknownSourceCodingIsRefusedAsAnEncodingError() {
    ScriptValidationException e = assertThrows(ScriptValidationException.class,
        () -> runner().compile(source("unknown_coding.py")));
    assertEquals(ScriptValidationException.ENCODING_ERROR, e.type(), e::getMessage);
    assertTrue(e.getMessage().contains("no-such-codec"), e::getMessage);
    assertHealthy();
  }

  @Test
  public void scriptWithoutATopLevelRunIsRefusedAtCompileTime() {
    ScriptValidationException e = assertThrows(ScriptValidationException.class,
        () -> runner().compile(source("no_run.py")));
    assertEquals(fileNameOf("no_run.py"), e.file());
    assertEquals(ScriptValidationException.NO_RUN_FUNCTION, e.type(), e::getMessage);
    assertTrue(e.reason().contains("run"), () -> "the reason must name run: " + e.getMessage());
    assertHealthy();
  }

  @Test
  public void compilingExecutesNoModuleCode() {
    CompiledScript script = runner().compile(source("module_code_not_executed.py"));
    assertFalse(script.hasTest());
    assertHealthy();
  }

  // ---- deadlines -------------------------------------------------------------------------

  // one case per corpus script, so a report names the script that hung

  /** {@code spin.py}: a busy loop. */
  @Test
  public void spinningPastTheDeadlineIsStoppedAndTimedOut() {
    assertStoppedAtTheDeadline("spin.py");
  }

  /** {@code spin_bare_except.py}: a busy loop that swallows every exception. */
  @Test
  public void spinningInABareExceptPastTheDeadlineIsStoppedAndTimedOut() {
    assertStoppedAtTheDeadline("spin_bare_except.py");
  }

  /** {@code sleep.py}: one long {@code time.sleep}. */
  @Test
  public void sleepingPastTheDeadlineIsStoppedAndTimedOut() {
    assertStoppedAtTheDeadline("sleep.py");
  }

  /** {@code sleep_bare_except.py}: sleeps in a loop that swallows every exception. */
  @Test
  public void sleepingInABareExceptPastTheDeadlineIsStoppedAndTimedOut() {
    assertStoppedAtTheDeadline("sleep_bare_except.py");
  }

  /** {@code settrace_spin.py}: a busy loop that first replaces the trace function. */
  @Test
  public void spinningWithItsOwnTraceFunctionPastTheDeadlineIsStoppedAndTimedOut() {
    assertStoppedAtTheDeadline("settrace_spin.py");
  }

  /** Runs corpus script {@code name} under the short deadline: it must end TIMED_OUT, guarded. */
  protected final void assertStoppedAtTheDeadline(String name) {
    ScriptOutcome outcome = run(name, EntryPoint.RUN, Map.of(), shortTimeout());
    assertEquals(Status.TIMED_OUT, outcome.status(), () -> name + ": " + describe(outcome));
    assertTrue(outcome.error().isPresent(), () -> name + ": a timed-out run records an error");
    assertHealthy();
  }
}
