package io.edrplaybook.core.internal.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.edrplaybook.api.Action;
import io.edrplaybook.api.ActionScript;
import io.edrplaybook.api.Configuration;
import io.edrplaybook.api.ConfigurationException;
import io.edrplaybook.api.RetryPolicy;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads actions, their scripts (from files relative to the configuration, or inline) and retry. */
final class ActionParser {
  private ActionParser() {}

  /** The file name an inline script without one is shown as in errors and tracebacks. */
  static String inlineFile(String action, String script) {
    return "<" + action + "/" + script + ">";
  }

  static void action(ParseContext ctx, JsonNode node, String path, Configuration.Builder out) {
    Fields f = Fields.of(ctx, node, path, Keys.ACTION);
    if (f == null) {
      return;
    }
    String organization = f.text("organization", true);
    String name = f.text("name", true);
    String description = f.textOrReference("description", false);
    Duration timeout = f.duration("timeout", Ranges.TIMEOUT_MIN, Ranges.TIMEOUT_MAX);
    Boolean idempotent = f.bool("idempotent");
    RetryPolicy retry = retry(ctx, f);
    List<ActionScript> scripts = new ArrayList<>();
    ArrayNode list = f.list("scripts", false);
    if (list != null) {
      for (int i = 0; i < list.size(); i++) {
        scripts.add(script(ctx, list.get(i), f.path("scripts") + "[" + i + "]", name));
      }
    }
    // a script that failed is replaced by a stand-in, so that the action's own rules are still
    // checked and the problems keep the scripts' positions
    List<ActionScript> checked = new ArrayList<>();
    for (int i = 0; i < scripts.size(); i++) {
      checked.add(scripts.get(i) != null ? scripts.get(i)
          : ActionScript.of(Placeholders.name(f.path("scripts") + "[" + i + "]"), "stand-in", ""));
    }
    try {
      Action.Builder ab = Action.builder().organization(organization).name(name).description(description)
          .timeout(timeout).retry(retry).idempotent(idempotent != null && idempotent);
      checked.forEach(ab::script);
      Action a = ab.build();
      if (!ctx.anyFailedUnder(path)) {
        out.action(a, path);
        return;
      }
    } catch (ConfigurationException e) {
      ctx.absorb(path, e);
    }
    standIn(ctx, f, organization, name, scripts, out);
  }

  /** Adds a stand-in keeping the names other objects refer to, when they are known. */
  private static void standIn(ParseContext ctx, Fields f, String organization, String name,
      List<ActionScript> scripts, Configuration.Builder out) {
    if (organization == null || name == null || f.failed("organization") || f.failed("name")) {
      return;
    }
    List<ActionScript> standIns = new ArrayList<>();
    for (int i = 0; i < scripts.size(); i++) {
      String spath = f.path("scripts") + "[" + i + "]";
      ActionScript s = scripts.get(i);
      String sname = s == null || ctx.isFailed(spath + ".name") ? Placeholders.name(spath) : s.name();
      standIns.add(ActionScript.of(sname, "stand-in", ""));
    }
    if (standIns.isEmpty()) {
      standIns.add(ActionScript.of(Placeholders.name(f.path("scripts")), "stand-in", ""));
    }
    try {
      Action.Builder ab = Action.builder().organization(organization).name(name);
      standIns.forEach(ab::script);
      out.action(ab.build(), f.path());
    } catch (ConfigurationException e) {
      // its problems are already listed
    }
  }

  private static RetryPolicy retry(ParseContext ctx, Fields f) {
    JsonNode node = f.get("retry");
    if (node == null) {
      return RetryPolicy.NONE;
    }
    Fields r = Fields.of(ctx, node, f.path("retry"), Keys.RETRY);
    if (r == null) {
      return RetryPolicy.NONE;
    }
    Integer attempts = r.integer("maxAttempts", true, 1, Ranges.ATTEMPTS_MAX);
    Duration initial = r.duration("initialBackoff", Duration.ZERO, Ranges.INITIAL_BACKOFF_MAX);
    Duration max = r.duration("maxBackoff", Duration.ZERO, Ranges.MAX_BACKOFF_MAX);
    Boolean transientErrors = r.bool("transientErrors");
    if (attempts == null || r.failed("initialBackoff") || r.failed("maxBackoff")) {
      return RetryPolicy.NONE;
    }
    initial = initial == null ? Duration.ofSeconds(1) : initial;
    if (max == null) {
      max = initial.compareTo(Duration.ofSeconds(30)) > 0 ? initial : Duration.ofSeconds(30);
    }
    try {
      return new RetryPolicy(attempts, initial, max, transientErrors == null || transientErrors);
    } catch (ConfigurationException e) {
      ctx.absorb(r.path(), e);
      return RetryPolicy.NONE;
    }
  }

  private static ActionScript script(ParseContext ctx, JsonNode node, String path, String action) {
    Fields f = Fields.of(ctx, node, path, Keys.SCRIPT);
    if (f == null) {
      return null;
    }
    String name = f.text("name", true);
    String file = f.text("file", false);
    String source = f.text("source", false);
    String runner = f.textOrReference("runner", false);
    if (runner != null && ctx.runnerIds() != null && !ctx.runnerIds().contains(runner)) {
      ctx.add(f.path("runner"), "script \"" + name + "\" of action \"" + action + "\" names no known runner, \""
          + runner + "\"; " + io.edrplaybook.core.internal.engine.RunnerChecks.hint(runner, ctx.runnerIds()));
    }
    boolean fromFile = false;
    if (source == null && file != null) {
      source = read(ctx, f.path("file"), file);
      fromFile = true;
      if (source != null) {
        // the script's own path, absolute: what __file__ is at run time, and where its helpers are
        file = ctx.baseDir().resolve(file).toAbsolutePath().normalize().toString();
      }
    } else if (source == null && !f.failed("file") && !f.failed("source")) {
      ctx.add(path, "needs \"file\" (a path relative to the configuration file) or \"source\""
          + " (the script's text)");
    }
    if (source == null) {
      return null;
    }
    if (file == null && name != null) {
      file = inlineFile(action == null ? "action" : action, name);
    }
    try {
      ActionScript s = new ActionScript(name, file, source, Optional.ofNullable(runner));
      if (fromFile) {
        ctx.scriptsFromFiles().add(s);
      }
      return ctx.anyFailedUnder(path) ? null : s;
    } catch (ConfigurationException e) {
      ctx.absorb(path, e);
      return null;
    }
  }

  private static String read(ParseContext ctx, String path, String file) {
    Path p;
    try {
      p = ctx.baseDir().resolve(file).toAbsolutePath().normalize();
    } catch (InvalidPathException e) {
      ctx.add(path, "is not a valid file path, was \"" + file + "\"");
      return null;
    }
    if (!Files.exists(p)) {
      ctx.add(path, "no such file \"" + file + "\", looked for " + p);
      return null;
    }
    if (Files.isDirectory(p)) {
      ctx.add(path, "\"" + file + "\" is a directory, " + p);
      return null;
    }
    try {
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (CharacterCodingException e) {
      ctx.add(path, "\"" + file + "\" is not UTF-8 text, " + p);
    } catch (IOException e) {
      ctx.add(path, "\"" + file + "\" could not be read (" + e.getClass().getSimpleName() + "), " + p);
    }
    return null;
  }
}
