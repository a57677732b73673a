package io.edrplaybook.testkit;

import io.edrplaybook.spi.EntryPoint;
import io.edrplaybook.testkit.internal.CtxPaths;
import io.edrplaybook.testkit.internal.JsonValues;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One call a {@link RecordingRunner} received: which script, which entry point, and the
 * {@code ctx} the script was handed, exactly as the engine built it. Immutable and thread-safe.
 *
 * <p>The {@code ctx} is the script's, secrets included ({@code connector.auth.apiKey},
 * {@code connector.auth.password}): keep recorded runs inside the test. {@link #toString()} shows
 * no {@code ctx}.
 *
 * @param runner the id of the runner the engine called
 * @param script the script's name within its action ({@code slack})
 * @param file the script's file name ({@code scripts/slack_notify.py})
 * @param entryPoint {@code run} for a playbook, {@code test} for the Test button
 * @param ctx the script's {@code ctx}; an unmodifiable deep copy
 * @param invocationId the run's id, also {@code ctx["invocationId"]}
 */
public record RecordedRun(String runner, String script, String file, EntryPoint entryPoint,
    Map<String, Object> ctx, String invocationId) {

  /** Validates and copies {@code ctx} deeply. */
  public RecordedRun {
    Objects.requireNonNull(runner, "runner");
    Objects.requireNonNull(script, "script");
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(entryPoint, "entryPoint");
    Objects.requireNonNull(invocationId, "invocationId");
    ctx = JsonValues.copy("ctx", Objects.requireNonNull(ctx, "ctx"));
  }

  /** Returns {@code ctx["action"]["name"]}. */
  public String action() {
    return text("action.name");
  }

  /** Returns {@code ctx["connector"]["name"]}. */
  public String connector() {
    return text("connector.name");
  }

  /** Returns {@code ctx["event"]["id"]}. */
  public String eventId() {
    return text("event.id");
  }

  /** Returns {@code ctx["event"]["classification"]}, e.g. {@code MALICIOUS}. */
  public String classification() {
    return text("event.classification");
  }

  /** Returns {@code ctx["test"]}: whether the Test button started the run. */
  public boolean test() {
    return Boolean.TRUE.equals(ctx.get("test"));
  }

  /**
   * Returns the value at a dotted {@code ctx} path, e.g. {@code params.channel} or
   * {@code event.device.name}; list elements as {@code [n]}.
   *
   * @return the value; empty when the path leads nowhere or to None
   */
  public Optional<Object> ctx(String path) {
    CtxPaths.Found f = CtxPaths.get(ctx, path);
    return f.present() ? Optional.ofNullable(f.value()) : Optional.empty();
  }

  private String text(String path) {
    return ctx(path).map(String::valueOf).orElse("");
  }

  /** Action, connector, script and event; never the {@code ctx} (it holds secrets). */
  @Override
  public String toString() {
    return action() + " on " + connector() + " (" + script + ", " + file + ") for " + eventId() + " "
        + classification() + (test() ? " [test]" : "");
  }
}
