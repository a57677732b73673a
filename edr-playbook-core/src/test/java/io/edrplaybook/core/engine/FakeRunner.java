package io.edrplaybook.core.engine;

import io.edrplaybook.api.ScriptError;
import io.edrplaybook.api.ScriptValidationException;
import io.edrplaybook.spi.CompiledScript;
import io.edrplaybook.spi.ScriptCall;
import io.edrplaybook.spi.ScriptOutcome;
import io.edrplaybook.spi.ScriptRunner;
import io.edrplaybook.spi.ScriptSource;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A ScriptRunner written in Java for the engine's tests. A "script" is a name: its behaviour is a
 * Java function registered under the script's file name; without one it succeeds with
 * {@code {"message": "ran <file>"}}. Source containing {@code SYNTAX ERROR} on line n is refused
 * at line n; source without {@code def run} is refused; source containing {@code RUNNER CRASH}
 * makes compile throw a plain PlaybookException, as a runner whose worker died does. Records every call.
 */
class FakeRunner implements ScriptRunner {
  record Call(String file, ScriptCall call) {
    @SuppressWarnings("unchecked")
    Map<String, Object> ctx(String key) {
      return (Map<String, Object>) call.ctx().get(key);
    }
  }

  private record Compiled(ScriptSource source, boolean hasTest) implements CompiledScript {
  }

  private final String id;
  private final Map<String, Function<ScriptCall, ScriptOutcome>> behaviours = new ConcurrentHashMap<>();
  final List<Call> calls = new CopyOnWriteArrayList<>();
  final List<String> compiled = new CopyOnWriteArrayList<>();
  volatile boolean closed;

  FakeRunner() {
    this("fake");
  }

  FakeRunner(String id) {
    this.id = id;
  }

  FakeRunner on(String file, Function<ScriptCall, ScriptOutcome> behaviour) {
    behaviours.put(file, behaviour);
    return this;
  }

  List<Call> callsOf(String file) {
    return calls.stream().filter(c -> c.file().equals(file)).toList();
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public CompiledScript compile(ScriptSource source) {
    if (source.text().contains("RUNNER CRASH")) {
      throw new io.edrplaybook.api.PlaybookException("the worker died while compiling " + source.file());
    }
    String[] lines = source.text().split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      int col = lines[i].indexOf("SYNTAX ERROR");
      if (col >= 0) {
        throw new ScriptValidationException(source.file(), i + 1, col + 1, "invalid syntax");
      }
    }
    if (!source.text().contains("def run")) {
      throw new ScriptValidationException(source.file(), 0, 0, "no top-level 'def run(ctx)'");
    }
    compiled.add(source.file());
    return new Compiled(source, source.text().contains("def test"));
  }

  @Override
  public ScriptOutcome run(CompiledScript script, ScriptCall call) {
    String file = script.source().file();
    calls.add(new Call(file, call));
    Function<ScriptCall, ScriptOutcome> b = behaviours.get(file);
    if (b == null) {
      return ScriptOutcome.succeeded(Map.of("message", "ran " + file), "", false);
    }
    return b.apply(call);
  }

  @Override
  public Duration grace() {
    return Duration.ofMillis(100);
  }

  @Override
  public void close() {
    closed = true;
  }

  static ScriptOutcome fail(String type, String message, boolean transientFailure) {
    return ScriptOutcome.failed(new ScriptError(type, message, "Traceback: " + message, transientFailure), "", false);
  }
}
