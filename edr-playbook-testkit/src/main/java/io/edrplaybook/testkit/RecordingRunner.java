package io.edrplaybook.testkit;

import io.edrplaybook.api.ScriptError;
import io.edrplaybook.api.ScriptValidationException;
import io.edrplaybook.spi.CompiledScript;
import io.edrplaybook.spi.ScriptCall;
import io.edrplaybook.spi.ScriptOutcome;
import io.edrplaybook.spi.ScriptRunner;
import io.edrplaybook.spi.ScriptSource;
import io.edrplaybook.testkit.internal.JsonValues;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A {@link ScriptRunner} that stands in for the real ones in playbook tests: it records every call
 * (script, entry point, {@code ctx}) and answers with a canned result instead of running Python.
 *
 * <p>Compiling is a light static check: the source must have a top-level {@code def run(}; a
 * top-level {@code def test(} is noticed. No Python is parsed or executed. Calls are answered by
 * the answer registered for their action on their connector ({@link #respondFor}, {@link #failFor},
 * {@link #answerFor}), else by the one registered for the script's file ({@link #respond},
 * {@link #fail}, {@link #answer}), else with {@code {"message": "recorded <file>"}}. An answer function that throws fails the run
 * with the exception's simple class name and message, as a raising script would.
 *
 * <p>{@link #wrapping(ScriptRunner)} records the calls of a real runner instead: it compiles and
 * runs with that runner, except for scripts that have a canned answer.
 *
 * <p>Thread-safe: answers may be registered while the engine calls {@link #run} from many threads.
 */
public final class RecordingRunner implements ScriptRunner {
  /** The default id, which the {@link PlaybookTestKit} forces every script onto. */
  public static final String ID = "recording";

  private static final Pattern RUN = Pattern.compile("^def[ \\t]+run[ \\t]*\\(", Pattern.MULTILINE);
  private static final Pattern TEST = Pattern.compile("^def[ \\t]+test[ \\t]*\\(", Pattern.MULTILINE);

  private record Compiled(ScriptSource source, boolean hasTest, CompiledScript inner) implements CompiledScript {
  }

  private final String id;
  private final ScriptRunner delegate;
  private final Map<String, Function<ScriptCall, ScriptOutcome>> answers = new ConcurrentHashMap<>();
  private final Map<List<String>, Function<ScriptCall, ScriptOutcome>> actionAnswers = new ConcurrentHashMap<>();
  private final List<RecordedRun> runs = new CopyOnWriteArrayList<>();

  private RecordingRunner(String id, ScriptRunner delegate) {
    this.id = Objects.requireNonNull(id, "id");
    this.delegate = delegate;
  }

  /** Returns a recording runner with id {@value #ID} that runs no Python at all. */
  public static RecordingRunner create() {
    return new RecordingRunner(ID, null);
  }

  /** Returns a recording runner with another id, for a configuration that names its runner. */
  public static RecordingRunner create(String id) {
    return new RecordingRunner(id, null);
  }

  /**
   * Returns a runner with {@code real}'s id that records every call and hands it to {@code real}
   * (unless a canned answer is registered for the script). Closing it closes {@code real}.
   */
  public static RecordingRunner wrapping(ScriptRunner real) {
    Objects.requireNonNull(real, "real");
    return new RecordingRunner(real.id(), real);
  }

  /**
   * Answers calls of the script {@code file} with what {@code answer} returns for their
   * {@code ctx}: a dict of JSON values, or null for Python's None.
   *
   * @param file the script's file as configured, e.g. {@code scripts/slack_notify.py}
   * @return this runner
   */
  public RecordingRunner respond(String file, Function<Map<String, Object>, Map<String, ?>> answer) {
    return answer(file, result(answer));
  }

  /** Fails calls of the script {@code file} as a script raising {@code type(message)} would. */
  public RecordingRunner fail(String file, String type, String message) {
    return answer(file, failure(file, type, message));
  }

  static Function<ScriptCall, ScriptOutcome> result(Function<Map<String, Object>, Map<String, ?>> answer) {
    Objects.requireNonNull(answer, "answer");
    return call -> {
      Map<String, ?> result = answer.apply(call.ctx());
      return ScriptOutcome.succeeded(result == null ? null : JsonValues.copy("result", result), "", false);
    };
  }

  static Function<ScriptCall, ScriptOutcome> failure(String file, String type, String message) {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(type, "type");
    ScriptError error = new ScriptError(type, message,
        "Traceback (most recent call last):\n  File \"" + file + "\", in run\n" + type + ": " + message, false);
    return call -> ScriptOutcome.failed(error, "", false);
  }

  /** Answers calls of the script {@code file} with whatever outcome {@code answer} returns. */
  public RecordingRunner answer(String file, Function<ScriptCall, ScriptOutcome> answer) {
    answers.put(Objects.requireNonNull(file, "file"), Objects.requireNonNull(answer, "answer"));
    return this;
  }

  /**
   * Answers calls of {@code action} on {@code connector} (by name, as configured) with what
   * {@code answer} returns for their {@code ctx}; wins over an answer for the script's file.
   */
  public RecordingRunner respondFor(String action, String connector,
      Function<Map<String, Object>, Map<String, ?>> answer) {
    return answerFor(action, connector, result(answer));
  }

  /** Fails calls of {@code action} on {@code connector} as a script raising {@code type(message)} would. */
  public RecordingRunner failFor(String action, String connector, String type, String message) {
    return answerFor(action, connector, failure(action + " on " + connector, type, message));
  }

  /** Answers calls of {@code action} on {@code connector} with whatever outcome {@code answer} returns. */
  public RecordingRunner answerFor(String action, String connector, Function<ScriptCall, ScriptOutcome> answer) {
    actionAnswers.put(List.of(Objects.requireNonNull(action, "action"), Objects.requireNonNull(connector, "connector")),
        Objects.requireNonNull(answer, "answer"));
    return this;
  }

  /** Returns every call received so far, in the order they arrived. */
  public List<RecordedRun> runs() {
    return List.copyOf(runs);
  }

  /** Returns the calls of the script {@code file}, in the order they arrived. */
  public List<RecordedRun> runsOf(String file) {
    return runs.stream().filter(r -> r.file().equals(file)).toList();
  }

  /** Forgets the calls recorded so far (answers stay). */
  public void clear() {
    runs.clear();
  }

  @Override
  public String id() {
    return id;
  }

  /**
   * Checks that the source has a top-level {@code def run(}; with a wrapped runner, compiles with
   * it.
   *
   * @throws ScriptValidationException naming the file when there is no {@code run}
   */
  @Override
  public CompiledScript compile(ScriptSource source) {
    Objects.requireNonNull(source, "source");
    if (delegate != null) {
      CompiledScript inner = delegate.compile(source);
      return new Compiled(source, inner.hasTest(), inner);
    }
    if (!RUN.matcher(source.text()).find()) {
      throw new ScriptValidationException(source.file(), 0, 0, ScriptValidationException.NO_RUN_FUNCTION,
          "no top-level 'def run(ctx)'; a script must define run(ctx)");
    }
    return new Compiled(source, TEST.matcher(source.text()).find(), null);
  }

  @Override
  public ScriptOutcome run(CompiledScript script, ScriptCall call) {
    if (!(script instanceof Compiled c)) {
      throw new IllegalArgumentException("RecordingRunner '" + id + "' cannot run " + script
          + ": it did not compile it");
    }
    ScriptSource source = c.source();
    RecordedRun run = new RecordedRun(id, source.name(), source.file(), call.entryPoint(), call.ctx(),
        call.invocationId());
    runs.add(run);
    Function<ScriptCall, ScriptOutcome> answer = actionAnswers.get(List.of(run.action(), run.connector()));
    if (answer == null) {
      answer = answers.get(source.file());
    }
    if (answer != null) {
      try {
        return Objects.requireNonNull(answer.apply(call), "the answer returned no outcome");
      } catch (RuntimeException e) {
        return ScriptOutcome.failed(ScriptError.of(e.getClass().getSimpleName(), e.getMessage()), "", false);
      }
    }
    if (c.inner() != null) {
      return delegate.run(c.inner(), call);
    }
    return ScriptOutcome.succeeded(Map.of("message", "recorded " + source.file()), "", false);
  }

  /**
   * The wrapped real runner's import check (not recorded as a run); a recording runner without one
   * cannot check imports.
   */
  @Override
  public java.util.Optional<ScriptError> checkImports(CompiledScript script, ScriptCall call) {
    if (!(script instanceof Compiled c)) {
      throw new IllegalArgumentException("RecordingRunner '" + id + "' cannot check " + script
          + ": it did not compile it");
    }
    if (c.inner() == null) {
      throw new UnsupportedOperationException("RecordingRunner '" + id + "' answers from recordings and runs no"
          + " interpreter: it cannot check a script's imports (use a real runner)");
    }
    return delegate.checkImports(c.inner(), call);
  }

  @Override
  public Duration grace() {
    return delegate != null ? delegate.grace() : Duration.ofMillis(200);
  }

  /** Closes the wrapped runner, if any. */
  @Override
  public void close() {
    if (delegate != null) {
      delegate.close();
    }
  }

  @Override
  public String toString() {
    return "RecordingRunner[" + id + (delegate != null ? ", wrapping " + delegate.getClass().getName() : "")
        + ", " + runs.size() + " runs]";
  }
}
