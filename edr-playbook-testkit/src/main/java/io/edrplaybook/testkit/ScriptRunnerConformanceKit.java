package io.edrplaybook.testkit;

import static io.edrplaybook.testkit.ScriptRunnerConformanceKitSupport.big;
import static io.edrplaybook.testkit.ScriptRunnerConformanceKitSupport.normalize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edrplaybook.api.ScriptError;
import io.edrplaybook.spi.EntryPoint;
import io.edrplaybook.spi.ScriptOutcome;
import io.edrplaybook.spi.ScriptOutcome.Status;
import io.edrplaybook.spi.ScriptRunner;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The runner conformance kit: an abstract JUnit 5 suite that pins down the script coding
 * conventions (docs/script-contract.md, samples/scripts/README.md) for any {@link ScriptRunner}. Subclass it in a few lines:
 *
 * <pre>{@code
 * class MyRunnerConformanceTest extends ScriptRunnerConformanceKit {
 *   protected ScriptRunner createRunner() {
 *     return new MyRunnerProvider().create(RunnerSettings.empty("mine"));
 *   }
 *   protected String pythonFlavor() {
 *     return CPYTHON3;
 *   }
 * }
 * }</pre>
 *
 * <p>One runner is created per test class ({@link #createRunner()} before the first test) and
 * closed after the last. The scripts are resources under {@code io/edrplaybook/testkit/corpus},
 * written in the common subset of Python 2.7 and 3; the few version-specific expectations are
 * chosen by {@link #pythonFlavor()}. Every bad case ends by checking that a normal run still
 * succeeds. The tests assert statuses, never timing.
 *
 * <p>The run-time cases ({@link ScriptRunnerConformanceKitRuntime}) pin down what a script can rely
 * on besides {@code ctx}; a runner that does not keep one part yet declares it in
 * {@link #unsupported()} and those cases are skipped, saying so:
 *
 * <ul>
 *   <li>{@code __file__} is the script's path as the runner was given it
 *       ({@link io.edrplaybook.spi.ScriptSource#file()}): the absolute path of a script file, or
 *       the pseudo path of an inline script (the engine's {@code <action/script>});
 *       {@code sys.argv == [__file__]}
 *   <li>the working directory ({@code os.getcwd()}) is the script's folder, which is also
 *       {@code sys.path[0]}; a script without a folder runs in a scratch directory of the runner,
 *       never in the host's working directory
 *   <li>the environment holds only {@link #minimalEnvironmentNames()} and the runner's configured
 *       {@code environment}: no host variable, so no {@code ${env:}} secret; secrets reach a script
 *       only through {@code ctx}
 *   <li>nothing a run does to {@code os.environ}, {@code sys.modules}, {@code sys.path} or the
 *       working directory is seen by a later run; the
 *       modules a script imports from its own folder are never seen by another script's runs
 *       (standard-library modules may stay loaded)
 *   <li>a timed-out run keeps the output printed before the deadline, and its error's traceback
 *       shows where the script was at the deadline
 * </ul>
 *
 * <p>Subclasses that create their runner with an {@code environment} setting return it from
 * {@link #configuredEnvironment()}.
 *
 * <p>The kit holds the lifecycle cases of {@link ScriptRunnerLifecycleKit} too (run on the corpus'
 * {@code echo.py} and {@code lifecycle_hang.py}); a runner that does not run Python subclasses that
 * part only. Every case is public, so a subclass may override one (to disable it, with the
 * reason); every run is guarded by deadline + the runner's {@code grace()} +
 * {@link #GUARD_SLACK}, and fails naming the script when it does not return by then.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ScriptRunnerConformanceKit extends ScriptRunnerConformanceKitRefusals {

  // ---- entry points ----------------------------------------------------------------------

  @Test
  public void runEntryPointCallsRun() {
    assertEquals(ctx("entry", "run", "test", false),
        succeeded(run("entry_points.py", ctx("test", false))));
  }

  @Test
  public void testEntryPointCallsTestWhenTheScriptDefinesIt() {
    assertTrue(compile("entry_points.py").hasTest(), "entry_points.py defines test()");
    assertEquals(ctx("entry", "test", "test", true),
        succeeded(run("entry_points.py", EntryPoint.TEST, ctx("test", true), normalTimeout())));
  }

  @Test
  public void testEntryPointFallsBackToRunWithTheTestFlag() {
    assertFalse(compile("run_only.py").hasTest(), "run_only.py defines no test()");
    assertEquals(ctx("entry", "run", "test", true),
        succeeded(run("run_only.py", EntryPoint.TEST, ctx("test", true), normalTimeout())));
  }

  @Test
  void undoEntryPointCallsUndoWithTheOriginalRun() {
    assertEquals(ctx("entry", "undo", "rule", "rule-7"), succeeded(run("undo.py", EntryPoint.UNDO,
        ctx("original", ctx("status", "SUCCEEDED", "result", ctx("rule", "rule-7"))), normalTimeout())));
  }

  @Test
  void undoEntryPointOfAScriptWithoutUndoFailsWithANameError() {
    ScriptError e = failed(run("run_only.py", EntryPoint.UNDO, ctx("original", ctx()), normalTimeout()));
    assertEquals("NameError", e.type(), e.toString());
    assertTrue(e.message().contains("undo"), e.message());
  }

  // ---- ctx and results -------------------------------------------------------------------

  @Test
  public void ctxValuesArriveAsTextIntegersFloatsBooleansNoneListsAndDicts() {
    BigInteger big = BigInteger.TWO.pow(70);
    Map<String, Object> nested = ctx("list", Arrays.asList(1, "two", List.of(3.5), ctx("four", null)));
    Map<String, Object> in = ctx("text", "Grüße", "small", 7, "long", Long.MAX_VALUE, "big", big,
        "float", 1.25, "yes", true, "no", false, "nothing", null, "nested", nested);
    Map<String, Object> expected = new HashMap<>();
    for (String k : List.of("text", "key_text", "small", "long", "big", "float", "yes", "no",
        "nothing", "dict", "list")) {
      expected.put(k, true);
    }
    expected.put("big_plus_one", big.add(BigInteger.ONE));
    expected.put("long_plus_one", big(Long.MAX_VALUE).add(BigInteger.ONE));
    expected.put("negative_big_times_two", big.multiply(big(-2)));
    expected.put("float_times_two", 2.5);
    expected.put("text_length", big(5));
    assertEquals(expected, succeeded(run("ctx_types.py", in)));
  }

  @Test
  public void everyJsonValueRoundTripsThroughCtxAndResult() {
    Map<String, Object> in = ctx("text", "plain", "unicode", "Grüße ✓ 東京 \uD83D\uDE80",
        "zero", 0, "negative", -12, "long", Long.MIN_VALUE, "big", BigInteger.TEN.pow(30).negate(),
        "float", -0.5, "whole_float", 3.0, "yes", true, "no", false, "nothing", null,
        "empty_list", List.of(), "empty_dict", Map.of(),
        "nested", ctx("a", Arrays.asList(1, null, ctx("b", List.of("c", 2.5)))));
    assertEquals(ctx("ctx", normalize(in)), succeeded(run("echo.py", in)));
  }

  @Test
  public void returningNoneSucceedsWithNoResult() {
    ScriptOutcome outcome = run("returns_none.py", Map.of());
    assertEquals(Status.SUCCEEDED, outcome.status(), () -> describe(outcome));
    assertTrue(outcome.result().isEmpty(), "None gives no result");
  }

  @Test
  public void messageKeyPassesThroughInTheResult() {
    assertEquals(ctx("message", "Posted to #soc", "count", big(2)),
        succeeded(run("message.py", ctx("channel", "#soc"))));
  }

  @Test
  public void integerDictKeysBecomeStrings() {
    Map<String, Object> nested = ctx("2", true, "three", List.of(ctx("4", null)));
    assertEquals(ctx("1", "one", "nested", nested), succeeded(run("int_keys.py", Map.of())));
  }

  @Test
  public void scriptsRunWithNameAction() {
    assertEquals(ctx("name", "__action__"), succeeded(run("name.py", Map.of())));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"set", "object", "nan", "infinity", "tuple_key"})
  public void nonJsonValueInTheResultFailsTheRunSayingSo(String what) {
    ScriptError error = failed(run("non_json.py", ctx("what", what)));
    assertTrue(error.message().toUpperCase(Locale.ROOT).contains("JSON"),
        () -> "the message must say the result is not JSON, was: " + error.summary());
    assertHealthy();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"list", "string", "number", "top_set"})
  public void resultThatIsNotADictFailsTheRunSayingSo(String what) {
    ScriptError error = failed(run("non_json.py", ctx("what", what)));
    assertTrue(error.message().contains("dict"),
        () -> "the message must say a dict or None was expected, was: " + error.summary());
    assertHealthy();
  }

  // ---- output ----------------------------------------------------------------------------

  @Test
  public void printToStdoutAndStderrIsCaptured() {
    ScriptOutcome outcome = run("prints.py", Map.of());
    assertEquals(ctx("printed", true), succeeded(outcome));
    for (String line : List.of("to stdout", "to stderr", "written")) {
      assertTrue(outcome.output().contains(line), () -> "output lacks \"" + line + "\": " + outcome.output());
    }
    assertFalse(outcome.outputTruncated());
  }

  @Test
  public void outputBeyondTheCapKeepsTheBeginningAndSaysHowMuchWasCut() {
    long size = outputCap() * 4 + 1000;
    ScriptOutcome outcome = run("big_output.py", ctx("size", size));
    assertEquals(ctx("printed", big(size)), succeeded(outcome), "a capped run still succeeds");
    String out = outcome.output();
    assertTrue(outcome.outputTruncated(), "outputTruncated must be set");
    assertTrue(out.startsWith("BEGINxxxx"), () -> "the beginning is kept, was: " + abbreviate(out));
    assertTrue(out.length() <= outputCap() + 1024,
        () -> "output must be capped near " + outputCap() + " characters, was " + out.length());
    int end = "BEGIN".length();
    while (end < out.length() && out.charAt(end) == 'x') {
      end++;
    }
    String marker = out.substring(end);
    assertTrue(marker.matches("(?s).*\\d.*"), () -> "a marker must say how much was cut, was: " + marker);
  }

  @Test
  public void moduleLevelOutputBelongsToTheRunThatExecutedIt() {
    for (String tag : List.of("one", "two")) {
      String out = run("module_print.py", ctx("tag", tag)).output();
      assertEquals(1, out.split("module level", -1).length - 1, () -> "once per run: " + out);
      assertTrue(out.indexOf("module level") < out.indexOf("in run " + tag), () -> out);
    }
  }

  @Test
  public void aScriptThatReplacesSysStdoutDoesNotSilenceTheNextRun() {
    succeeded(run("replace_stdout.py", Map.of()));
    ScriptOutcome next = run("prints.py", Map.of());
    assertTrue(next.output().contains("to stdout") && next.output().contains("to stderr"),
        () -> "output of the next run: " + next.output());
  }

  // ---- failures --------------------------------------------------------------------------

  @Test
  public void raisedExceptionIsRecordedWithItsBareTypeNameAndMessage() {
    String reason = "Zugriff verweigert für Grüße ✓";
    ScriptError error = failed(run("raises.py", ctx("reason", reason)));
    assertEquals("ConnectorError", error.type());
    assertEquals(reason, error.message());
    assertFalse(error.transientFailure());
    assertHealthy();
  }

  @Test
  public void tracebackNamesTheConfiguredFileAndItsLineNumbers() {
    String traceback = failed(run("raises.py", ctx("reason", "nope"))).traceback();
    assertTrue(traceback.contains(fileNameOf("raises.py")), () -> "file name missing: " + traceback);
    assertTrue(traceback.contains("line 10"), () -> "raise is on line 10: " + traceback);
    assertTrue(traceback.contains("line 14"), () -> "the call is on line 14: " + traceback);
  }

  @Test
  public void exceptionWithATrueTransientAttributeIsATransientFailure() {
    ScriptError error = failed(run("transient.py", ctx("transient", true)));
    assertEquals("TemporarilyUnavailable", error.type());
    assertTrue(error.transientFailure(), () -> "transient = True was not seen: " + error);
    assertHealthy();
  }

  @Test
  public void ordinaryExceptionIsNotATransientFailure() {
    ScriptError error = failed(run("transient.py", ctx("transient", false)));
    assertEquals("ValueError", error.type());
    assertFalse(error.transientFailure());
    assertHealthy();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"three", "text"})
  public void sysExitWithAFailureStatusFailsTheRun(String how) {
    ScriptError error = failed(run("exits.py", ctx("how", how)));
    assertEquals("SystemExit", error.type());
    assertTrue(error.message().contains(how.equals("three") ? "3" : "gave up"), error::summary);
    assertHealthy();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"bare", "zero", "none"})
  public void sysExitWithoutAFailureStatusSucceedsWithNoResult(String how) {
    ScriptOutcome outcome = run("exits.py", ctx("how", how));
    assertEquals(Status.SUCCEEDED, outcome.status(), () -> describe(outcome));
    assertTrue(outcome.result().isEmpty(), "sys.exit(0) gives no result");
    assertHealthy();
  }

  @Test
  public void recursionPastTheLimitFails() {
    ScriptError error = failed(run("recursion.py", Map.of()));
    // version-specific: RecursionError on 3, RuntimeError on 2.7 and Jython
    assertEquals(CPYTHON3.equals(pythonFlavor()) ? "RecursionError" : "RuntimeError", error.type(),
        error::summary);
    assertHealthy();
  }

  // ---- isolation and concurrency ---------------------------------------------------------

  @Test
  public void everyRunGetsFreshGlobals() {
    for (int i = 1; i <= 3; i++) {
      Map<String, Object> result = succeeded(run("state.py", ctx("value", i)));
      assertEquals(big(1), result.get("seen"), "module state must not survive a run");
      assertEquals(null, result.get("previous"), "globals must not survive a run");
    }
  }

  @Test
  public void concurrentRunsOfOneScriptEachGetTheirOwnAnswer() throws Exception {
    compile("concurrent.py");
    List<String> wrong = inParallel(concurrency()[0], concurrency()[1], (thread, i) -> {
      long n = thread * 100_000L + i;
      Map<String, Object> expected = ctx("n", big(n), "square", big(n * n),
          "label", "worker-" + n, "total", big(19900));
      ScriptOutcome outcome = run("concurrent.py", ctx("n", n, "label", Long.toString(n)));
      return outcome.status() == Status.SUCCEEDED && expected.equals(normalize(outcome.result().orElse(null)))
          ? null : n + ": " + describe(outcome);
    });
    assertEquals(List.of(), wrong, "every concurrent run must get its own answer");
  }

  @Test
  public void nonAsciiTextGoesInAndComesOutIntact() {
    String text = "Zürich ✓ Ελλάδα \uD83D\uDE80";
    String greeting = "Grüße, café, 東京";
    ScriptOutcome outcome = run("non_ascii.py", ctx("text", text));
    assertEquals(ctx("echo", text, "greeting", greeting, "joined", text + " / " + greeting),
        succeeded(outcome));
    assertTrue(outcome.output().contains(text), () -> "stdout: " + outcome.output());
    assertTrue(outcome.output().contains(greeting), () -> "stderr: " + outcome.output());
  }
}
