package io.edrplaybook.api;

import io.edrplaybook.api.internal.Problems;
import java.util.Objects;
import java.util.Optional;

/**
 * One uploaded Python script of an action (2.7 or later, see the script coding conventions): it
 * defines {@code run(ctx)} and optionally {@code test(ctx)}. It is compiled by its runner when a
 * configuration is applied, so a broken script is refused with its file and line.
 *
 * @param name the script's name, unique within its action (e.g. {@code slack})
 * @param file the file name shown in errors and tracebacks (e.g. {@code scripts/slack_notify.py})
 * @param source the script's text
 * @param runner the id of the runner that runs it ({@code jython}, {@code cpython}, ...); empty for
 *     the engine's default runner
 */
public record ActionScript(String name, String file, String source, Optional<String> runner) {

  /** Validates. */
  public ActionScript {
    Objects.requireNonNull(runner, "runner");
    Problems p = new Problems();
    p.text("name", name);
    p.text("file", file);
    p.required("source", source);
    runner.ifPresent(r -> p.text("runner", r));
    p.throwIfAny(Problems.subject("script", name, null) + (file == null || file.isBlank() ? "" : " (" + file + ")"));
  }

  /** A script run by the engine's default runner. */
  public static ActionScript of(String name, String file, String source) {
    return new ActionScript(name, file, source, Optional.empty());
  }

  /** A script run by the runner with id {@code runner}. */
  public static ActionScript of(String name, String file, String source, String runner) {
    return new ActionScript(name, file, source, Optional.of(runner));
  }

  /** Returns name, file and runner; never the source. */
  @Override
  public String toString() {
    return "ActionScript[name=" + name + ", file=" + file + ", runner=" + runner.orElse("default")
        + ", " + source.length() + " chars]";
  }
}
